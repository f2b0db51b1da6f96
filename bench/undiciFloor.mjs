// The floor: the same N channel creates, sent by a bare undici Pool with C connections (at most C
// requests in flight, like the node's "Requests in Parallel"). Nothing else runs in the process:
// no n8n, no expression engine, no retries. Whatever this takes is what latency, concurrency and the
// sandbox itself allow.
//
//   node bench/undiciFloor.mjs --url http://127.0.0.1:5680 --key neo_sk_... --n 1000 --connections 10
//
// Prints one JSON line: { n, connections, ms, ok, statuses }.
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { Pool } from 'undici';

/**
 * Send `n` POST /public-api/channels through a Pool of `connections` connections and wait for all
 * answers (bodies read). `namePrefix` keeps names unique across runs.
 */
export async function undiciFloor({ url, key, n = 1000, connections = 10, namePrefix = 'floor' }) {
	const pool = new Pool(url, { connections, pipelining: 1 });
	const statuses = {};
	const body = (i) =>
		JSON.stringify({ audience: 'END_USER', internal_name: `${namePrefix}-${i}`, type: 'TEAMS' });
	const t0 = performance.now();
	let ms;
	try {
		await Promise.all(
			Array.from({ length: n }, async (_, i) => {
				const res = await pool.request({
					path: '/public-api/channels',
					method: 'POST',
					headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
					body: body(i),
				});
				await res.body.json();
				statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
			}),
		);
		ms = performance.now() - t0;
	} finally {
		await pool.close();
	}
	return { n, connections, ms, ok: statuses[201] ?? 0, statuses };
}

if (process.argv[1] && basename(process.argv[1]) === 'undiciFloor.mjs') {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			key: { type: 'string' },
			n: { type: 'string', default: '1000' },
			connections: { type: 'string', default: '10' },
			prefix: { type: 'string', default: `floor-${Date.now()}` },
		},
	});
	if (!values.url || !values.key) {
		console.error(
			'usage: node bench/undiciFloor.mjs --url URL --key KEY [--n 1000] [--connections 10]',
		);
		process.exit(2);
	}
	const r = await undiciFloor({
		url: values.url,
		key: values.key,
		n: Number(values.n),
		connections: Number(values.connections),
		namePrefix: values.prefix,
	});
	console.log(JSON.stringify(r));
}
