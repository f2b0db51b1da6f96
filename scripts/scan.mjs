#!/usr/bin/env node
/**
 * n8n's verification scan, run with n8n's own scanner (`@n8n/scan-community-package`, pinned in
 * devDependencies) on what we would publish.
 *
 * The scanner's CLI first checks npm provenance and downloads the published tarball and the
 * attested source commit; a working tree has neither, so this script does what the CLI does
 * after that step (scanner.mjs analyzePackageByName):
 *
 * 1. source leg: `analyzePackage(<repository root>, SOURCE_FILE_PATTERNS)`;
 * 2. tarball leg: `npm pack` into a temp folder, `tar -xzf … --strip-components=1`, then
 *    `analyzePackage(<unpacked>, ['**\/*.js', 'package.json'])`;
 * 3. negative control: a copy of the unpacked tarball with a `console.log` planted in the node's
 *    entry file must FAIL the same tarball analysis, or the scan proves nothing.
 *
 * The tarball must also hold every file package.json's `n8n` section names and a .js, not older
 * than its source, for every shipped .ts, and no TypeScript declarations or source maps (n8n loads
 * only the .js).
 *
 * Usage: node scripts/scan.mjs [--keep]   (--keep: keep the temp folder)
 * Build first (`npm run build`): the dist/ on disk is what gets packed.
 * Exit code: 0 when everything passes, 1 on any finding, 2 when the scan itself broke.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEEP = process.argv.includes('--keep');
const SCANNER_PACKAGE = '@n8n/scan-community-package';
/** The patterns analyzePackageByName lints the downloaded tarball with. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** The ignore list analyzePackage passes to fast-glob, to list what it lints. */
const GLOB_IGNORE = ['node_modules/**', '**/package-lock.json'];
const NOT_SHIPPED = /\.d\.ts$|\.map$/;

const rootRequire = createRequire(path.join(ROOT, 'package.json'));
const scannerPackageJson = rootRequire.resolve(`${SCANNER_PACKAGE}/package.json`);
const scannerRequire = createRequire(path.join(path.dirname(scannerPackageJson), 'scanner', 'x'));
const scannerVersion = JSON.parse(fs.readFileSync(scannerPackageJson, 'utf8')).version;

// Importing the scanner creates a temp folder (for downloads we never make); the tmp package
// removes it at exit only when asked to.
scannerRequire('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
	`${SCANNER_PACKAGE}/scanner/scanner.mjs`
);
const glob = scannerRequire('fast-glob');

function run(command, args, cwd = ROOT) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
	}
	return result.stdout;
}

/** Runs the scanner on one folder and prints every file it looked at and what it found. */
async function scanLeg(label, dir, patterns, { listFiles = true } = {}) {
	const files = glob.sync(patterns, { cwd: dir, ignore: GLOB_IGNORE }).sort();
	console.log(`\n${label}: analyzePackage(${dir}, ${JSON.stringify(patterns)})`);
	if (listFiles) for (const file of files) console.log(`  ${file}`);
	const result = await analyzePackage(dir, patterns);
	if (result.details) console.log(result.details.trimEnd());
	const passed = result.passed && files.length > 0;
	const why = files.length === 0 ? 'no files to analyze' : (result.message ?? 'no findings');
	console.log(`  => ${passed ? 'PASS' : 'FAIL'}: ${files.length} files, ${why}`);
	return { label, passed, files: files.length, details: result.details ?? '' };
}

/**
 * What the tarball must and must not hold: every file package.json's `n8n` section names, a .js
 * for every shipped .ts source and not older than it (a stale dist/ would be scanned and
 * published), and no declarations or source maps.
 */
function contentProblems(info, packageDir) {
	const shipped = new Set(info.files.map((f) => f.path));
	const problems = [...shipped]
		.filter((f) => NOT_SHIPPED.test(f))
		.map((f) => `${f}: declarations and source maps are not shipped`);
	const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	for (const entry of [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])]) {
		if (!shipped.has(path.posix.normalize(entry))) problems.push(`${entry}: named in package.json, not in the tarball`); // prettier-ignore
	}
	const sources = glob.sync('{nodes,credentials}/**/*.ts', { cwd: ROOT, ignore: ['**/*.test.ts', '**/*.d.ts'] }); // prettier-ignore
	for (const source of sources) {
		const built = `dist/${source.replace(/\.ts$/, '.js')}`;
		if (!shipped.has(built)) problems.push(`${built}: missing (run npm run build)`);
		else if (
			fs.statSync(path.join(ROOT, built)).mtimeMs < fs.statSync(path.join(ROOT, source)).mtimeMs
		) {
			problems.push(`${built}: older than ${source} (run npm run build)`);
		}
	}
	return problems;
}

/** Packs the working tree the way `npm publish` would and unpacks it the way the scanner does. */
function packAndExtract(tmp) {
	const out = run('npm', ['pack', '--json', '--pack-destination', tmp]);
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	const dir = path.join(tmp, 'package');
	fs.mkdirSync(dir);
	run('tar', ['-xzf', path.join(tmp, info.filename), '-C', dir, '--strip-components=1']);
	return { info, dir };
}

/** The control: the same tarball analysis must fail once the node logs to the console. */
async function negativeControl(tmp, packageDir) {
	const dir = path.join(tmp, 'planted');
	fs.cpSync(packageDir, dir, { recursive: true });
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const entry = pkg.n8n.nodes[0];
	if (!fs.existsSync(path.join(dir, entry))) {
		console.log(`\nNegative control: not run, ${entry} is not in the tarball`);
		return false;
	}
	fs.appendFileSync(path.join(dir, entry), "\nconsole.log('planted by scripts/scan.mjs');\n");
	const leg = await scanLeg(
		`Negative control (console.log planted in ${entry})`,
		dir,
		TARBALL_FILE_PATTERNS,
		{ listFiles: false },
	);
	const caught = !leg.passed && /no-console/.test(leg.details);
	console.log(
		`  => control ${caught ? 'OK: the scanner rejects the planted console.log' : 'BROKEN: the planted console.log was not reported'}`,
	);
	return caught;
}

async function main() {
	const started = Date.now();
	console.log(`n8n verification scan with ${SCANNER_PACKAGE} ${scannerVersion} (${ROOT})`);
	const legs = [await scanLeg('Source', ROOT, SOURCE_FILE_PATTERNS)];

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-neo-scan-'));
	let info;
	let problems;
	let controlCaught;
	try {
		const packed = packAndExtract(tmp);
		info = packed.info;
		problems = contentProblems(info, packed.dir);
		legs.push(await scanLeg(`Tarball ${info.filename}`, packed.dir, TARBALL_FILE_PATTERNS));
		controlCaught = await negativeControl(tmp, packed.dir);
	} finally {
		if (KEEP) console.log(`\nKept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}

	console.log(
		`\nTarball contents: ${info.size} B packed, ${info.unpackedSize} B unpacked, ${info.entryCount} files`,
	);
	for (const problem of problems) console.log(`  error  ${problem}`);
	const passed = legs.every((leg) => leg.passed) && controlCaught && problems.length === 0;
	console.log(
		`${passed ? 'PASS' : 'FAIL'}: ${legs.map((l) => `${l.label.split(' ')[0].toLowerCase()} ${l.passed ? 'clean' : 'FINDINGS'} (${l.files} files)`).join(', ')}, ` +
			`contents ${problems.length === 0 ? 'ok' : `${problems.length} problems`}, ` +
			`negative control ${controlCaught ? 'caught' : 'NOT caught'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
	);
	return passed ? 0 : 1;
}

try {
	process.exitCode = await main();
} catch (error) {
	console.error(`scan broke: ${error instanceof Error ? error.stack : String(error)}`);
	process.exitCode = 2;
}
