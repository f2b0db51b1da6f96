// A stand-in for the public npm registry, on loopback only, for n8n's Community Nodes installer.
//
// n8n 2.41 talks to its default registry address (another address needs a paid licence). Its
// npm calls and its own HTTP calls honour proxy settings, so:
//   - Verdaccio (pinned, installed under .cache/verdaccio) serves the packed package;
//   - a throwaway CA (made with openssl at run time, never committed) signs a certificate for
//     the registry's host name;
//   - an HTTP proxy answers CONNECT to that host (and plain requests for it) from Verdaccio with
//     that certificate, and refuses every other host, so nothing leaves the machine.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';

const VERDACCIO_VERSION = '6.8.0';

/** Installs the pinned Verdaccio under `<cacheDir>/verdaccio` when it is not there yet. */
export function ensureVerdaccio(cacheDir) {
	const dir = join(cacheDir, 'verdaccio');
	const pkg = join(dir, 'node_modules', 'verdaccio', 'package.json');
	if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === VERDACCIO_VERSION) {
		return join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	}
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ private: true, dependencies: { verdaccio: VERDACCIO_VERSION } }),
	);
	execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: dir,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

/** A CA and a leaf certificate for `host`, both valid for a day, in `dir`. */
export function makeTestCertificates(dir, host) {
	mkdirSync(dir, { recursive: true });
	const file = (name) => join(dir, name);
	const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl(
		'req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1',
		'-subj', '/CN=n8n-nodes-neo throwaway test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE',
		'-addext', 'keyUsage=critical,keyCertSign,cRLSign',
	); // prettier-ignore
	openssl('req', '-new', ...ecKey, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', `/CN=${host}`); // prettier-ignore
	writeFileSync(
		file('leaf.ext'),
		`subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
	);
	openssl(
		'x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'),
		'-CAcreateserial', '-out', file('leaf.crt'), '-days', '1', '-extfile', file('leaf.ext'),
	); // prettier-ignore
	return { caFile: file('ca.crt'), keyFile: file('leaf.key'), certFile: file('leaf.crt') };
}

async function waitForHttp(url, timeoutMs, child, output) {
	const started = Date.now();
	for (;;) {
		if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output()}`);
		try {
			if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
		} catch {
			// not up yet
		}
		if (Date.now() - started > timeoutMs) throw new Error(`${url} silent: ${output()}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Starts Verdaccio on 127.0.0.1:`port` with no uplinks: it serves only what is published to it. */
export async function startVerdaccio({ bin, dir, port }) {
	mkdirSync(dir, { recursive: true });
	const config = join(dir, 'config.yaml');
	writeFileSync(
		config,
		[
			`storage: ${join(dir, 'storage')}`,
			'auth:',
			'  htpasswd:',
			`    file: ${join(dir, 'htpasswd')}`,
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'web:',
			'  enable: false',
			'log: { type: stdout, format: pretty, level: warn }',
			'',
		].join('\n'),
	);
	const child = spawn(
		process.execPath,
		[bin, '--config', config, '--listen', `127.0.0.1:${port}`],
		{
			cwd: dir,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	await waitForHttp(`${url}/-/ping`, 60_000, child, () => output);
	return {
		url,
		port,
		output: () => output,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/** Creates a throwaway Verdaccio user and publishes `tarball` with its token. */
export async function publishToVerdaccio(verdaccio, tarball, workDir) {
	const name = 'neo-install-test';
	const res = await fetch(`${verdaccio.url}/-/user/org.couchdb.user:${name}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name, password: `pw-${Date.now()}`, type: 'user', roles: [] }),
	});
	const body = await res.json();
	if (!body.token)
		throw new Error(`Verdaccio adduser answered ${res.status}: ${JSON.stringify(body)}`);
	const userconfig = join(workDir, 'publish.npmrc');
	writeFileSync(userconfig, `//127.0.0.1:${verdaccio.port}/:_authToken=${body.token}\n`);
	execFileSync(
		'npm',
		['publish', tarball, `--registry=${verdaccio.url}/`, `--userconfig=${userconfig}`,
			'--provenance=false', '--ignore-scripts', '--access=public'],
		{ cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] },
	); // prettier-ignore
}

/**
 * Starts the proxy on 127.0.0.1 (ephemeral port). `registryHost` (CONNECT on 443, or plain
 * absolute-URL requests) is answered from `upstream`; every other host is refused and recorded.
 */
export async function startRegistryProxy({ registryHost, upstream, keyFile, certFile }) {
	const served = [];
	const refused = [];
	const target = new URL(upstream);
	const forward = (req, res) => {
		const path = req.url.startsWith('/') ? req.url : new URL(req.url).pathname + new URL(req.url).search; // prettier-ignore
		const headers = { ...req.headers, host: registryHost, 'x-forwarded-proto': 'https' };
		delete headers['proxy-connection'];
		const out = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path, headers },
			(answer) => {
				served.push({ method: req.method, path, status: answer.statusCode });
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		out.on('error', (error) => {
			served.push({ method: req.method, path, status: 502 });
			res.writeHead(502).end(String(error));
		});
		req.pipe(out);
	};
	const tls = https.createServer(
		{ key: readFileSync(keyFile), cert: readFileSync(certFile) },
		forward,
	);
	const proxy = http.createServer((req, res) => {
		let host = '';
		try {
			host = new URL(req.url).hostname;
		} catch {
			// not a proxy request
		}
		if (host === registryHost) return forward(req, res);
		refused.push(`${req.method} ${req.url}`);
		res.writeHead(403).end('refused by the test proxy: loopback only');
	});
	const sockets = new Set();
	proxy.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	proxy.on('connect', (req, socket, head) => {
		const [host, port] = req.url.split(':');
		if (host !== registryHost || port !== '443') {
			refused.push(`CONNECT ${req.url}`);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length > 0) socket.unshift(head);
		tls.emit('connection', socket);
	});
	await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${proxy.address().port}`,
		served,
		refused,
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => proxy.close(resolve));
			tls.close();
		},
	};
}
