/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * What the engine harness (test/helpers/n8nEngine.ts) sets up once per module registry (i.e. once
 * per jest test file) before n8n-core can run a workflow:
 * - the DI Logger and LoggerProxy: recording loggers that keep each run's log lines apart (see
 *   `createRecordingLogger`);
 * - the DI InstanceSettings: a stub, so no ~/.n8n folder or settings file is created (its folder
 *   is a temp dir).
 *
 * DI quirk: n8n-core 2.41.1 ships its own nested @n8n/di (0.17) while the top-level @n8n/di is
 * 0.16 (from @n8n/node-cli). Container state is module-local, so the harness MUST use the copy
 * n8n-core resolves (see `coreRequire`), never `import { Container } from '@n8n/di'`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';
import type { Logger, LogMetadata } from 'n8n-workflow';

type Constructor<T> = abstract new (...args: never[]) => T;
export interface DiContainer {
	get<T>(type: Constructor<T>): T;
	set<T>(type: Constructor<T>, instance: T): void;
	has(type: Constructor<unknown>): boolean;
}

export interface Engine {
	/** Log arrays of the runs in progress. */
	sinks: Set<string[]>;
	/** The log array of the run whose async context a log call happens in. */
	currentRun: AsyncLocalStorage<string[]>;
	executionCounter: number;
}

let engine: Engine | undefined;

const coreDir = path.dirname(require.resolve('n8n-core'));

/** Requires a module the way n8n-core resolves it (its nested @n8n/* copies). */
function coreRequire<T>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [coreDir] })) as T;
}

/** The DI container n8n-core uses. */
export function n8nContainer(): DiContainer {
	return coreRequire<{ Container: DiContainer }>('@n8n/di').Container;
}

/** Sets the engine up on the first call; later calls return the same engine. */
export function setUpEngine(): Engine {
	if (engine) return engine;
	const sinks = new Set<string[]>();
	const currentRun = new AsyncLocalStorage<string[]>();
	const recordingLogger = createRecordingLogger(sinks, currentRun);

	LoggerProxy.init(recordingLogger);

	const Container = n8nContainer();
	// ExecuteContext.logger, OutboundHttp, ErrorReporter, … get the backend-common Logger from DI.
	const { Logger: DiLogger } = coreRequire<{ Logger: Constructor<unknown> }>('@n8n/backend-common');
	Container.set(DiLogger, recordingLogger);

	// NodeExecutionContext's constructor does Container.get(InstanceSettings). The real class reads
	// or creates <N8N_USER_FOLDER>/.n8n/config on construction; a prototype-backed stub avoids that.
	Container.set(InstanceSettings, createInstanceSettings());

	engine = { sinks, currentRun, executionCounter: 0 };
	return engine;
}

function createInstanceSettings(): InstanceSettings {
	const n8nFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const stub = Object.create(InstanceSettings.prototype) as InstanceSettings;
	Object.assign(stub, {
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		nodeDefinitionsDir: path.join(n8nFolder, 'node-definitions'),
		settings: { encryptionKey: 'harness-encryption-key' },
		instanceId: 'harness-instance',
		derivedInstanceId: 'harness-instance',
		hmacSignatureSecret: 'harness-hmac-secret',
		canSeedDeploymentState: false,
		instanceType: 'main',
		instanceRole: 'leader',
		hostId: 'harness-host',
		isMultiMainEnabled: false,
		isMultiMainLicensed: false,
	});
	return stub;
}

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * Lines go to the run whose async context logs them (so runs in parallel keep their own logs);
 * a line logged outside any run's context goes to every run in progress (never dropped while a
 * run is active, so leak assertions stay conservative). Lines logged while no run is active are
 * discarded. HARNESS_LOG=1 echoes every line to stderr.
 */
function createRecordingLogger(
	sinks: Set<string[]>,
	currentRun: AsyncLocalStorage<string[]>,
): Logger & { scoped(): Logger } {
	const echo = process.env.HARNESS_LOG === '1';
	const record = (level: Level) => (message: string, metadata?: LogMetadata) => {
		const meta = metadata && Object.keys(metadata).length > 0 ? ` ${safeStringify(metadata)}` : '';
		const line = `[${level}] ${String(message)}${meta}`;
		const own = currentRun.getStore();
		if (own && sinks.has(own)) own.push(line);
		else for (const sink of sinks) sink.push(line);
		if (echo) process.stderr.write(`${line}\n`);
	};
	const logger = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => logger,
	};
	return logger;
}

/**
 * JSON with everything a leak could hide in: Error name/message/stack/cause and own props,
 * Map/Set/Headers entries, Buffers as UTF-8, repeated references as "[Circular]".
 */
export function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, function (_key, v: unknown) {
			if (typeof v === 'bigint') return v.toString();
			if (typeof v === 'function') return `[Function ${(v as { name?: string }).name ?? ''}]`;
			if (typeof v === 'symbol') return v.toString();
			if (v === null || typeof v !== 'object') return v;
			if (seen.has(v)) return '[Circular]';
			seen.add(v);
			const asBuffer = v as { type?: unknown; data?: unknown };
			if (asBuffer.type === 'Buffer' && Array.isArray(asBuffer.data)) {
				return Buffer.from(asBuffer.data as number[]).toString('utf8');
			}
			if (v instanceof Error) {
				const { cause } = v as Error & { cause?: unknown };
				return { ...v, name: v.name, message: v.message, stack: v.stack, cause };
			}
			if (v instanceof Map) return { '[Map]': Object.fromEntries(v) };
			if (v instanceof Set) return { '[Set]': [...v] };
			const iterable = v as { entries?: unknown; [Symbol.iterator]?: unknown };
			if (
				!Array.isArray(v) &&
				typeof iterable.entries === 'function' &&
				typeof iterable[Symbol.iterator] === 'function'
			) {
				// Headers, URLSearchParams, FormData, …
				return Object.fromEntries((v as { entries(): Iterable<[string, unknown]> }).entries());
			}
			return v;
		});
	} catch (error) {
		return `[unserializable: ${(error as Error).message}]`;
	}
}
