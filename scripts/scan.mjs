#!/usr/bin/env node
/**
 * Local stand-in for `@n8n/scan-community-package` (what n8n runs before verifying a community
 * package). The real scanner needs a published package with npm provenance, so it cannot run on a
 * working tree; this script runs the same ESLint checks, the same way, on what we would publish:
 *
 * 1. source leg: `package.json` and `{nodes,credentials}/**\/*.{js,ts,json}` of the working tree;
 * 2. tarball leg: `npm pack` into a temp folder, unpack, and lint `**\/*.js` + `package.json`;
 * 3. package checks on the tarball: no runtime `dependencies`, only dist/ + package.json +
 *    README/LICENSE inside, the files named in `n8n.nodes` / `n8n.credentials` present, and a
 *    dist/ that is not older than the sources it was built from.
 *
 * Both ESLint legs use the scanner's flat config (community-nodes `recommended`, `no-console`,
 * and the `eslint-plugin-n8n-nodes-base` community / credentials / nodes rule sets with the same
 * off-overrides), with `allowInlineConfig: false`: an `eslint-disable` comment changes nothing.
 *
 * Usage: node scripts/scan.mjs [--build] [--keep]
 *   --build  run `npm run build` first (otherwise the dist/ already on disk is packed)
 *   --keep   keep the temp folder with the tarball and its unpacked contents
 * Exit code: 0 when there is no error (warnings are shown but do not fail), 1 otherwise.
 *
 * Mirrors scanner/scanner.mjs of @n8n/scan-community-package 0.32.0 (buildScanConfig,
 * analyzePackage, SOURCE_FILE_PATTERNS); keep it in step when that package changes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const KEEP = args.has('--keep');
const BUILD = args.has('--build');

/** What the scanner lints in the source checkout (scanner.mjs SOURCE_FILE_PATTERNS). */
const SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
/** What the scanner lints in the unpacked tarball. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const GLOB_IGNORE = ['node_modules/**', '**/package-lock.json'];
/** Besides dist/**, the only files the published package may contain. */
const ALLOWED_TOP_LEVEL = /^(package\.json|(README|LICEN[CS]E)(\.(md|txt))?)$/i;

// ---------------------------------------------------------------------------------------------
// Module resolution. Everything comes from this package's node_modules: eslint, fast-glob and the
// two n8n plugins are hoisted; typescript-eslint's parser is nested under @n8n/node-cli.

const rootRequire = createRequire(path.join(ROOT, 'package.json'));
const nodeCliRequire = createRequire(
	path.join(ROOT, 'node_modules', '@n8n', 'node-cli', 'package.json'),
);

function resolveFrom(specifier) {
	for (const req of [rootRequire, nodeCliRequire]) {
		try {
			return req.resolve(specifier);
		} catch {
			// try the next location
		}
	}
	throw new Error(`Cannot find "${specifier}" in node_modules (is @n8n/node-cli installed?)`);
}

async function importFrom(specifier) {
	return import(pathToFileURL(resolveFrom(specifier)).href);
}

async function loadTsParser() {
	try {
		return await importFrom('@typescript-eslint/parser');
	} catch {
		const tseslint = await importFrom('typescript-eslint');
		return (tseslint.default ?? tseslint).parser;
	}
}

/** The installed version of a package, found by walking up from its entry point. */
function versionOf(specifier) {
	try {
		let dir = path.dirname(resolveFrom(specifier));
		for (;;) {
			const file = path.join(dir, 'package.json');
			if (fs.existsSync(file)) {
				const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
				if (pkg.name === specifier) return pkg.version;
			}
			const parent = path.dirname(dir);
			if (parent === dir) return '?';
			dir = parent;
		}
	} catch {
		return '?';
	}
}

const { ESLint } = await importFrom('eslint');
const { defineConfig } = await importFrom('eslint/config');
const glob = (await importFrom('fast-glob')).default;

// ---------------------------------------------------------------------------------------------
// The scanner's flat config (scanner.mjs buildScanConfig), verbatim apart from module loading.

async function buildScanConfig() {
	const { n8nCommunityNodesPlugin } = await importFrom('@n8n/eslint-plugin-community-nodes');
	const tsParser = await loadTsParser();
	const n8nNodesPluginModule = await importFrom('eslint-plugin-n8n-nodes-base');
	const n8nNodesPlugin = n8nNodesPluginModule.default ?? n8nNodesPluginModule;
	const parser = tsParser.default ?? tsParser;

	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{
			files: ['package.json'],
			rules: { ...n8nNodesPlugin.configs.community.rules },
		},
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	);
}

/** scanner.mjs analyzePackage, returning the raw results so they can be counted. */
async function lintLeg(label, cwd, patterns, config) {
	const eslint = new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: config,
	});
	const files = glob.sync(patterns, { cwd, absolute: true, ignore: GLOB_IGNORE });
	const results = files.length > 0 ? await eslint.lintFiles(files) : [];
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	const shown = results.filter((r) => r.errorCount > 0 || r.warningCount > 0);
	if (shown.length > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		console.log(`\n${label}:`);
		console.log((await formatter.format(shown)).trimEnd());
	}
	return { label, files: files.length, errors, warnings };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function run(command, commandArgs, options = {}) {
	const result = spawnSync(command, commandArgs, {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: 'pipe',
		timeout: 5 * 60_000,
		...options,
	});
	if (result.status !== 0) {
		throw new Error(
			`${command} ${commandArgs.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr || result.stdout}`,
		);
	}
	return result.stdout;
}

function formatBytes(bytes) {
	return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;
}

/** Inline ESLint directives in shipped sources: the scan ignores them, DESIGN.md forbids them. */
function findInlineDirectives() {
	const found = [];
	const files = glob.sync(['{nodes,credentials}/**/*.{js,ts}'], { cwd: ROOT, ignore: GLOB_IGNORE });
	for (const file of files) {
		const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
		lines.forEach((line, i) => {
			if (/\/[/*]\s*eslint(-disable|-enable|\s)/.test(line)) found.push(`${file}:${i + 1}`);
		});
	}
	return found;
}

/**
 * dist/ must be built from the current sources: every shipped .ts has its .js in the tarball, and
 * the working tree's .js is not older than its source.
 */
function checkDistFreshness(tarballFiles, problems, notes) {
	const sources = glob.sync(['{nodes,credentials}/**/*.ts'], {
		cwd: ROOT,
		ignore: [...GLOB_IGNORE, '**/*.test.ts', '**/*.d.ts'],
	});
	const stale = [];
	for (const source of sources) {
		const built = `dist/${source.replace(/\.ts$/, '.js')}`;
		if (!tarballFiles.has(built)) {
			problems.push(`${built} is missing from the tarball (source ${source}): run npm run build`);
			continue;
		}
		const builtPath = path.join(ROOT, built);
		if (
			fs.existsSync(builtPath) &&
			fs.statSync(builtPath).mtimeMs + 1000 < fs.statSync(path.join(ROOT, source)).mtimeMs
		) {
			stale.push(source);
		}
	}
	if (stale.length > 0) {
		problems.push(
			`dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): run npm run build`,
		);
	}
	const expected = new Set(sources.map((s) => `dist/${s.replace(/\.ts$/, '.js')}`));
	const orphans = [...tarballFiles].filter(
		(f) => /^dist\/(nodes|credentials)\/.*\.js$/.test(f) && !expected.has(f),
	);
	if (orphans.length > 0) {
		notes.push(`dist/ ships ${orphans.length} .js file(s) with no source: ${orphans.join(', ')}`);
	}
}

/** Checks on what `npm pack` produced: contents, dependencies, the n8n entry points. */
function checkPackage(packInfo, packageDir, problems, notes) {
	const files = packInfo.files.map((f) => f.path);
	const fileSet = new Set(files);
	const unexpected = files.filter((f) => !f.startsWith('dist/') && !ALLOWED_TOP_LEVEL.test(f));
	if (unexpected.length > 0) {
		problems.push(
			`the tarball contains files outside dist/, package.json, README, LICENSE: ${unexpected.join(', ')}`,
		);
	}
	if (!files.some((f) => /^README(\.(md|txt))?$/i.test(f))) notes.push('the tarball has no README');
	if (!files.some((f) => /^LICEN[CS]E(\.(md|txt))?$/i.test(f)))
		notes.push('the tarball has no LICENSE');

	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	for (const field of [
		'dependencies',
		'bundleDependencies',
		'bundledDependencies',
		'optionalDependencies',
	]) {
		const value = pkg[field];
		const count = Array.isArray(value) ? value.length : value ? Object.keys(value).length : 0;
		if (count > 0) {
			problems.push(
				`package.json has ${count} ${field} (${Object.keys(value).join(', ')}); must be none`,
			);
		}
	}
	for (const kind of ['nodes', 'credentials']) {
		const entries = pkg.n8n?.[kind] ?? [];
		if (kind === 'nodes' && entries.length === 0) problems.push('package.json n8n.nodes is empty');
		for (const entry of entries) {
			if (!fileSet.has(path.posix.normalize(entry))) {
				problems.push(`package.json n8n.${kind} names ${entry}, which is not in the tarball`);
			}
		}
	}
	// n8n resolves `file:` icons relative to the node / credential file named in package.json
	// (also when the description literal sits in an imported module, which is not checked here).
	const entryPoints = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	for (const file of entryPoints
		.map((e) => path.posix.normalize(e))
		.filter((f) => fileSet.has(f))) {
		const code = fs.readFileSync(path.join(packageDir, file), 'utf8');
		for (const [, ref] of code.matchAll(/['"`]file:([^'"`]+)['"`]/g)) {
			const target = path.posix.join(path.posix.dirname(file), ref);
			if (!fileSet.has(target))
				problems.push(`${file} refers to file:${ref}, but ${target} is not in the tarball`);
		}
	}
	return { files: files.length, dependencies: Object.keys(pkg.dependencies ?? {}).length };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
	const started = Date.now();
	console.log(
		`Scanning ${ROOT} like @n8n/scan-community-package (eslint ${versionOf('eslint')}, ` +
			`@n8n/eslint-plugin-community-nodes ${versionOf('@n8n/eslint-plugin-community-nodes')}, ` +
			`eslint-plugin-n8n-nodes-base ${versionOf('eslint-plugin-n8n-nodes-base')}; inline eslint comments ignored)`,
	);
	if (BUILD) {
		console.log('Building (npm run build)…');
		run('npm', ['run', '--silent', 'build']);
	}

	const config = await buildScanConfig();
	const problems = [];
	const notes = [];

	const directives = findInlineDirectives();
	if (directives.length > 0) {
		notes.push(
			`${directives.length} inline eslint comment(s) in shipped sources, ignored by the scan: ${directives.join(', ')}`,
		);
	}

	const sourceLeg = await lintLeg(
		'Source (nodes/, credentials/, package.json)',
		ROOT,
		SOURCE_FILE_PATTERNS,
		config,
	);

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-neo-scan-'));
	let tarballLeg;
	let pkgSummary;
	let packInfo;
	try {
		const packOut = run('npm', ['pack', '--json', '--pack-destination', tmp]);
		packInfo = JSON.parse(packOut.slice(packOut.indexOf('[')))[0];
		const packageDir = path.join(tmp, 'package');
		fs.mkdirSync(packageDir);
		run('tar', [
			'-xzf',
			path.join(tmp, packInfo.filename),
			'-C',
			packageDir,
			'--strip-components=1',
		]);

		tarballLeg = await lintLeg(
			`Tarball ${packInfo.filename} (**/*.js, package.json)`,
			packageDir,
			TARBALL_FILE_PATTERNS,
			config,
		);
		pkgSummary = checkPackage(packInfo, packageDir, problems, notes);
		checkDistFreshness(new Set(packInfo.files.map((f) => f.path)), problems, notes);
	} finally {
		if (KEEP) console.log(`\nKept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}

	for (const leg of [sourceLeg, tarballLeg]) {
		if (leg.files === 0)
			problems.push(`${leg.label}: no files to lint (wrong folder or empty build?)`);
	}
	if (problems.length > 0) {
		console.log('\nPackage problems:');
		for (const p of problems) console.log(`  error  ${p}`);
	}
	if (notes.length > 0) {
		console.log('\nNotes:');
		for (const n of notes) console.log(`  note   ${n}`);
	}

	const totalErrors = sourceLeg.errors + tarballLeg.errors + problems.length;
	console.log('\nSummary');
	for (const leg of [sourceLeg, tarballLeg]) {
		console.log(
			`  ${leg.label}: ${leg.files} files, ${leg.errors} errors, ${leg.warnings} warnings`,
		);
	}
	console.log(
		`  Package: ${packInfo.filename}, ${formatBytes(packInfo.size)} packed, ` +
			`${formatBytes(packInfo.unpackedSize)} unpacked, ${pkgSummary.files} files, ` +
			`${pkgSummary.dependencies} dependencies, ${problems.length} problems`,
	);
	console.log(
		`  ${totalErrors === 0 ? 'PASS' : 'FAIL'}: ${totalErrors} errors, ` +
			`${sourceLeg.warnings + tarballLeg.warnings} warnings (${((Date.now() - started) / 1000).toFixed(1)} s)`,
	);
	return totalErrors === 0 ? 0 : 1;
}

try {
	process.exitCode = await main();
} catch (error) {
	console.error(`scan failed: ${error instanceof Error ? error.stack : String(error)}`);
	process.exitCode = 2;
}
