// POST …/attachments/upload-url and the blob stand-in's PUT checks: the headers Azure requires,
// the signature and its expiry, the size cap, no Authorization header; and a message may name
// only blobs uploaded for its session.
import { SEED } from './index';
import { client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const base = `/public-api/chat/sessions/${SEED.sessions.tenant}`;

const slot = async (content_type = 'image/png') =>
	(await api.post(`${base}/attachments/upload-url`, { content_type, filename: 'a.png' })).json.data;
const put = (url: string, body: string, headers: Record<string, string>) =>
	fetch(url, { method: 'PUT', body, headers });
const GOOD = { 'x-ms-blob-type': 'BlockBlob', 'x-ms-blob-content-type': 'image/png' };

describe('chat attachments', () => {
	it('issues a URL on its own origin; a proper PUT is 201 and the message may name the blob', async () => {
		const data = await slot();
		expect(new URL(data.upload_url).origin).not.toBe(new URL(sb().url).origin);
		expect(data).toMatchObject({ mime: 'image/png', max_image_bytes: 5 * 1024 * 1024 });
		expect((await put(data.upload_url, 'png bytes', GOOD)).status).toBe(201);
		const sent = await api.post(`${base}/messages`, {
			message: 'see attached',
			attachments: [{ blob_path: data.blob_path, mime: 'image/png', filename: 'a.png' }],
		});
		expect(sent.status).toBe(202);
	});

	it('refuses a PUT with an Authorization header, the wrong headers, too many bytes or a bad signature', async () => {
		sb().blobs.maxBytes = 4;
		const data = await slot();
		const codes = async (headers: Record<string, string>, body = 'ok', url = data.upload_url) => {
			const r = await put(url, body, headers);
			return [r.status, /<Code>(\w+)<\/Code>/.exec(await r.text())?.[1]];
		};
		expect(await codes({ ...GOOD, authorization: 'Bearer neo_sk_x' })).toEqual([
			400,
			'InvalidAuthenticationInfo',
		]);
		expect(await codes({ ...GOOD, 'x-ms-blob-type': 'AppendBlob' })).toEqual([
			400,
			'MissingRequiredHeader',
		]);
		expect(await codes({ ...GOOD, 'x-ms-blob-content-type': 'image/gif' })).toEqual([
			400,
			'InvalidHeaderValue',
		]);
		expect(await codes(GOOD, 'too big')).toEqual([413, 'RequestBodyTooLarge']);
		expect(await codes(GOOD, 'ok', data.upload_url.replace(/sig=[^&]+/, 'sig=forged'))).toEqual([
			403,
			'AuthenticationFailed',
		]);
		expect(sb().blobs.puts.map((p) => p.status)).toEqual([400, 400, 400, 413, 403]);
		// None of them was stored: a message naming the blob is refused.
		const sent = await api.post(`${base}/messages`, {
			message: 'see attached',
			attachments: [{ blob_path: data.blob_path }],
		});
		expect(errorFields(sent)).toEqual(['body:attachments[0].blob_path']);
	});

	it('an expired URL is 403; a type Neo does not take is 422 on content_type', async () => {
		sb().blobs.ttlMs = -1;
		const data = await slot();
		expect((await put(data.upload_url, 'x', GOOD)).status).toBe(403);
		const r = await api.post(`${base}/attachments/upload-url`, { content_type: 'application/zip' });
		expect(r.status).toBe(422);
		expect(errorFields(r)).toEqual(['body:content_type']);
	});

	it('the control endpoint shows the PUTs and sets the cap', async () => {
		await api.control('POST', 'blobs/configure', { maxBytes: 10 });
		expect((await slot()).max_image_bytes).toBe(10);
		const r = await api.control('GET', 'blobs');
		expect(r.json.issued).toHaveLength(1);
	});
});
