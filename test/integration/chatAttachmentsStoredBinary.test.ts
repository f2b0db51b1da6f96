/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Chat Message → Send: attachments whose bytes n8n keeps outside the item (binary data modes
 * "filesystem" and "database": the item holds only an id). The node reads them through n8n's
 * BinaryDataService, as n8n itself does: the filesystem mode is n8n-core's own manager on a temp
 * folder; the database mode's manager lives in n8n's CLI package, so a manager keeping bytes by id
 * in memory stands in for its table.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { n8nContainer } from '../helpers/engineSetup';
import { SEED } from '../sandbox';
import { bodiesSent, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const SESSION = SEED.sessions.tenant;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 65)]);
const location = { type: 'execution' as const, workflowId: 'wf1', executionId: 'ex1' };

let service: BinaryDataService;
const databaseRows = new Map<string, Buffer>();

beforeAll(async () => {
	const config = {
		mode: 'filesystem',
		localStoragePath: mkdtempSync(path.join(tmpdir(), 'neo-binary-')),
		signingSecret: 'test',
	};
	const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
	service = new BinaryDataService(config as never, quiet as never, quiet as never);
	await service.init();
	service.setManager('database', {
		store: async (_location: unknown, buffer: Buffer) => {
			const fileId = `row${databaseRows.size + 1}`;
			databaseRows.set(fileId, buffer);
			return { fileId, fileSize: buffer.length };
		},
		getAsBuffer: async (fileId: string) => databaseRows.get(fileId) as Buffer,
	} as never);
	n8nContainer().set(BinaryDataService, service);
});

const send = (binary: IBinaryData) =>
	runNeo({
		sandbox: sandbox(),
		parameters: {
			resource: 'chatMessage',
			operation: 'send',
			sessionId: SESSION,
			message: 'The contract is attached',
			sendOptions: { attachmentProperties: 'contract', waitForReply: false },
		},
		items: [{ $binary: { contract: binary } } as IDataObject],
		node: { typeVersion: 2 },
	});

it('filesystem mode: the bytes are read from n8n’s binary store and PUT whole', async () => {
	const stored = await service.store(location, PDF, {
		data: '',
		mimeType: 'application/pdf',
		fileName: 'contract.pdf',
	});
	expect(stored.id).toMatch(/^filesystem-v2:/);
	expect(stored.data).not.toBe(PDF.toString('base64'));
	const { result } = await send(stored);
	expect(result.error).toBeUndefined();
	const [blob] = sandbox().blobs.issued.values();
	expect(blob.uploaded).toMatchObject({ bytes: PDF.length, contentType: 'application/pdf' });
	expect(blob.uploaded?.sample).toBe(PDF.subarray(0, 32).toString('base64'));
	expect(
		bodiesSent(sandbox(), `/public-api/chat/sessions/${SESSION}/messages`)[0].attachments,
	).toEqual([{ blob_path: blob.blobPath, mime: 'application/pdf', filename: 'contract.pdf' }]);
});

it('database mode: the bytes are read by id through n8n’s service', async () => {
	const { fileId } = { fileId: 'row-db-1' };
	databaseRows.set(fileId, PDF);
	const binary: IBinaryData = {
		id: `database:${fileId}`,
		data: 'database',
		mimeType: 'application/pdf',
		fileName: 'contract.pdf',
	};
	const { result } = await send(binary);
	expect(result.error).toBeUndefined();
	const [blob] = sandbox().blobs.issued.values();
	expect(blob.uploaded?.bytes).toBe(PDF.length);
	expect(blob.uploaded?.sample).toBe(PDF.subarray(0, 32).toString('base64'));
});
