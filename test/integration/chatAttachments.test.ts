/**
 * Chat Message → Send with attachments from n8n binary data (Neo node version 2) through n8n's
 * engine against the sandbox and its blob stand-in: per file an upload URL from Neo, the bytes PUT
 * to it (BlockBlob, the file's type, never the Neo key), then the message naming each blob; a
 * missing property, a type Neo does not take, more than six files and a file over Neo's cap fail
 * the item with nothing uploaded and no message sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import { bodiesSent, runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const SESSION = SEED.sessions.tenant;
const MESSAGES = `/public-api/chat/sessions/${SESSION}/messages`;
const UPLOAD_URL = `/public-api/chat/sessions/${SESSION}/attachments/upload-url`;

const file = (bytes: Buffer | string, mimeType: string, fileName: string) => {
	const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
	return {
		data: buffer.toString('base64'),
		mimeType,
		fileName,
		fileSize: `${buffer.length} B`,
	};
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(2000, 7)]);

const send = (attachments: string, items: IDataObject[], extra: INodeParameters = {}) =>
	runNeo({
		sandbox: sandbox(),
		parameters: {
			resource: 'chatMessage',
			operation: 'send',
			sessionId: SESSION,
			message: 'What is wrong on this screenshot?',
			sendOptions: { attachmentProperties: attachments, waitForReply: false },
			...extra,
		},
		items,
		node: { typeVersion: 2 },
	});

beforeEach(() => sandbox().chat.configure({ partMs: 1 }));

describe('Chat Message → Send: attachments', () => {
	it('uploads each file to its signed URL, then sends the message naming the blobs', async () => {
		const { ok, result } = await send('screenshot, log', [
			{
				$binary: {
					screenshot: file(PNG, 'image/png', 'screen.png'),
					log: file('line 1\nline 2\n', 'text/plain; charset=utf-8', 'mail.log'),
				},
			},
		]);
		expect(result.error).toBeUndefined();
		expect(bodiesSent(sandbox(), UPLOAD_URL)).toEqual([
			{ content_type: 'image/png', filename: 'screen.png' },
			{ content_type: 'text/plain', filename: 'mail.log' },
		]);
		const puts = sandbox().blobs.puts;
		expect(
			puts.map((p) => [p.status, p.blobType, p.blobContentType, p.authorization, p.bytes]),
		).toEqual([
			[201, 'BlockBlob', 'image/png', false, PNG.length],
			[201, 'BlockBlob', 'text/plain', false, 14],
		]);
		const issued = [...sandbox().blobs.issued.values()];
		expect(issued[0].uploaded?.sample).toBe(PNG.subarray(0, 32).toString('base64'));
		const [body] = bodiesSent(sandbox(), MESSAGES);
		expect(body.attachments).toEqual([
			{ blob_path: issued[0].blobPath, mime: 'image/png', filename: 'screen.png' },
			{ blob_path: issued[1].blobPath, mime: 'text/plain', filename: 'mail.log' },
		]);
		expect(ok[0].json).toMatchObject({ session_id: SESSION, already_sent: false });
		// The API key went to Neo only: the blob store never saw it.
		expect(JSON.stringify(puts)).not.toContain(sandbox().keys.tenant);
	});

	it('with the reply awaited, the agent answers the message with its attachment', async () => {
		const { ok } = await send('data', [{ $binary: { data: file(PNG, 'image/png', 'a.png') } }], {
			sendOptions: { attachmentProperties: 'data' },
		});
		expect(typeof ok[0].json.reply).toBe('string');
		expect(sandbox().blobs.puts).toHaveLength(1);
	});

	it('without the option, Send is unchanged: no upload call and no attachments field', async () => {
		await runNeo({
			sandbox: sandbox(),
			parameters: {
				resource: 'chatMessage',
				operation: 'send',
				sessionId: SESSION,
				message: 'Hi',
				sendOptions: { waitForReply: false },
			},
			items: [{ $binary: { data: file(PNG, 'image/png', 'a.png') } }],
			node: { typeVersion: 2 },
		});
		expect(sandbox().count(`POST ${UPLOAD_URL}`)).toBe(0);
		expect(bodiesSent(sandbox(), MESSAGES)[0]).not.toHaveProperty('attachments');
	});

	it('a file over Neo’s max_image_bytes fails the item: nothing uploaded, no message sent', async () => {
		sandbox().blobs.maxBytes = 1000;
		const { result } = await send('small, big', [
			{
				$binary: {
					small: file('tiny', 'text/plain', 'a.txt'),
					big: file(PNG, 'image/png', 'big.png'),
				},
			},
		]);
		expect(result.error?.message).toBe(
			`Neo error attachment_too_large: Attachment "big" (big.png) is ${PNG.length} bytes; Neo takes at most 1000 bytes per file. Nothing was uploaded and no message was sent.`,
		);
		expect(sandbox().blobs.puts).toHaveLength(0);
		expect(sandbox().count(`POST ${MESSAGES}`)).toBe(0);
	});

	it.each([
		[
			'a missing binary property',
			'data, nope',
			'Parameter "Attachments (Binary Properties)" names the binary property "nope", which the item does not have (item 1)',
		],
		[
			'a type Neo does not take',
			'data, zip',
			'Parameter "Attachments (Binary Properties)" names "zip" (x.zip), of type "application/zip", which Neo does not take',
		],
		[
			'more than six files',
			'a, b, c, d, e, f, g',
			'Parameter "Attachments (Binary Properties)" names 7 files; Neo takes at most 6 per message (item 1)',
		],
	])('%s fails before any request', async (_what, names, message) => {
		const item = {
			$binary: {
				data: file(PNG, 'image/png', 'a.png'),
				zip: file('PK', 'application/zip', 'x.zip'),
			},
		};
		const { result } = await send('={{ $json.names }}', [
			{ names: 'data', $binary: { data: file(PNG, 'image/png', 'a.png') } },
			{ names, ...item },
		]);
		expect(result.error?.message).toContain(message);
		expect(sandbox().count()).toBe(0);
		expect(sandbox().blobs.puts).toHaveLength(0);
	});

	it('an upload URL that expired before the PUT fails the item with the storage’s reason, no message sent', async () => {
		sandbox().blobs.ttlMs = -1;
		const { result } = await send('data', [{ $binary: { data: file(PNG, 'image/png', 'a.png') } }]);
		expect(result.error?.message).toBe(
			'Neo error 403 attachment_upload_failed: Uploading attachment "data" (a.png) to Neo\'s storage failed: the storage answered HTTP 403 (AuthenticationFailed). No message was sent.',
		);
		expect(sandbox().blobs.puts).toHaveLength(1);
		expect(sandbox().count(`POST ${MESSAGES}`)).toBe(0);
	});

	it('an upload URL that is plain http to a non-loopback host is refused: nothing is PUT', async () => {
		sandbox().blobs.url = 'http://storage.example.com';
		const { result } = await send('data', [{ $binary: { data: file(PNG, 'image/png', 'a.png') } }]);
		expect(result.error?.message).toBe(
			'Neo error invalid_upload_url: Neo\'s upload URL for "data" is not https: refused',
		);
		expect(sandbox().blobs.puts).toHaveLength(0);
		expect(sandbox().count(`POST ${MESSAGES}`)).toBe(0);
	});

	it('under Continue, a bad item fails alone and the good one is sent with its file', async () => {
		const { ok, errors } = await runNeo({
			sandbox: sandbox(),
			parameters: {
				resource: 'chatMessage',
				operation: 'send',
				sessionId: SESSION,
				message: '={{ $json.text }}',
				sendOptions: { attachmentProperties: 'data', waitForReply: false },
			},
			items: [
				{ text: 'no file' },
				{ text: 'with file', $binary: { data: file(PNG, 'image/png', 'a.png') } },
			],
			onError: 'continueErrorOutput',
			node: { typeVersion: 2 },
		});
		expect(errors).toHaveLength(1);
		expect(ok).toHaveLength(1);
		expect(bodiesSent(sandbox(), MESSAGES).map((b) => b.message)).toEqual(['with file']);
	});
});
