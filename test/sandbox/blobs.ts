/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// A stand-in for the Azure Blob storage Neo's chat attachments go to, on its own loopback listener
// (another origin than the API, as Azure is another host than Neo). Neo's upload-url call issues a
// short-lived SAS-style URL here; the PUT to it is checked the way Azure would check it, plus what
// the node must never do: send an Authorization header (the Neo key) along.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { validationError } from './http';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TTL_MS = 10 * 60_000;

export interface IssuedBlob {
	blobPath: string;
	tenantId: string;
	sessionId: string;
	mime: string;
	filename: string | null;
	sig: string;
	expiresAt: number;
	maxBytes: number;
	/** Set by the first accepted PUT. */
	uploaded?: { bytes: number; contentType: string; at: number; sample: string };
}

/** One PUT as it arrived, accepted or not. */
export interface BlobPut {
	path: string;
	status: number;
	/** Azure's error code when refused. */
	code?: string;
	bytes: number;
	blobType?: string;
	blobContentType?: string;
	/** Whether an Authorization header came along (it never should). */
	authorization: boolean;
}

const BLOB_CONTAINER = 'chat-attachments';

export class BlobStore {
	url = '';
	maxBytes = DEFAULT_MAX_BYTES;
	ttlMs = DEFAULT_TTL_MS;
	readonly issued = new Map<string, IssuedBlob>();
	readonly puts: BlobPut[] = [];
	private server: Server | undefined;
	/** Where the listener is; `url` (what upload URLs name) may be changed by a test until reset. */
	private boundUrl = '';
	private readonly sockets = new Set<Socket>();

	/** What Neo's upload-url call answers: a URL valid for ttlMs, the blob's path, the size cap. */
	issue(tenantId: string, sessionId: string, mime: string, filename: string | null) {
		const blobPath = `${tenantId}/${sessionId}/${randomBytes(8).toString('hex')}${extension(filename)}`;
		const sig = randomBytes(16).toString('base64url');
		const expiresAt = Date.now() + this.ttlMs;
		this.issued.set(blobPath, {
			blobPath,
			tenantId,
			sessionId,
			mime,
			filename,
			sig,
			expiresAt,
			maxBytes: this.maxBytes,
		});
		const query = new URLSearchParams({
			sv: '2024-11-04',
			sr: 'b',
			sp: 'cw',
			se: new Date(expiresAt).toISOString(),
			sig,
		});
		return {
			upload_url: `${this.url}/${BLOB_CONTAINER}/${blobPath}?${query.toString()}`,
			blob_path: blobPath,
			mime,
			max_image_bytes: this.maxBytes,
		};
	}

	/** The message call's check: each attachment names a blob issued for this session and uploaded. */
	checkAttachments(sessionId: string, attachments: unknown): void {
		if (!Array.isArray(attachments)) return;
		attachments.forEach((attachment, index) => {
			const blobPath = (attachment as { blob_path?: unknown }).blob_path;
			const blob = typeof blobPath === 'string' ? this.issued.get(blobPath) : undefined;
			if (!blob || blob.sessionId !== sessionId || !blob.uploaded) {
				throw validationError('An attachment names no uploaded blob of this session.', [
					{
						field: `attachments[${index}].blob_path`,
						message: blob ? 'was never uploaded' : 'was not issued for this session',
					},
				]);
			}
		});
	}

	reset(): void {
		this.url = this.boundUrl;
		this.issued.clear();
		this.puts.length = 0;
		this.maxBytes = DEFAULT_MAX_BYTES;
		this.ttlMs = DEFAULT_TTL_MS;
	}

	async listen(host: string): Promise<void> {
		const server = createServer((req, res) => {
			this.handle(req, res).catch(() => {
				if (!res.headersSent) res.writeHead(500).end();
			});
		});
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, host, () => resolve());
		});
		this.server = server;
		const { port } = server.address() as AddressInfo;
		this.boundUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
		this.url = this.boundUrl;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		const closing = new Promise<void>((resolve) => server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		await closing;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://blob');
		const blobPath = decodeURIComponent(url.pathname.replace(`/${BLOB_CONTAINER}/`, ''));
		const header = (name: string) => {
			const value = req.headers[name];
			return typeof value === 'string' ? value : undefined;
		};
		const put: BlobPut = {
			path: url.pathname,
			status: 201,
			bytes: body.length,
			blobType: header('x-ms-blob-type'),
			blobContentType: header('x-ms-blob-content-type'),
			authorization: req.headers.authorization !== undefined,
		};
		this.puts.push(put);
		const refuse = (status: number, code: string, message: string) => {
			put.status = status;
			put.code = code;
			const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
			res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': xml.length });
			res.end(xml);
		};
		const blob = this.issued.get(blobPath);
		if (req.method !== 'PUT') return refuse(405, 'UnsupportedHttpVerb', 'Only PUT is allowed.');
		if (!blob || url.searchParams.get('sig') !== blob.sig) {
			return refuse(403, 'AuthenticationFailed', 'The signature does not match this blob.');
		}
		// A SAS URL carries its own authorisation: Azure refuses a request with both (and the Neo
		// key must never leave for a third party in the first place).
		if (put.authorization) {
			return refuse(400, 'InvalidAuthenticationInfo', 'Authorization header with a SAS URL.');
		}
		if (Date.now() > blob.expiresAt) {
			return refuse(403, 'AuthenticationFailed', 'Signed expiry time has passed.');
		}
		if (put.blobType !== 'BlockBlob') {
			return refuse(400, 'MissingRequiredHeader', 'x-ms-blob-type must be BlockBlob.');
		}
		if (put.blobContentType !== blob.mime) {
			return refuse(400, 'InvalidHeaderValue', `x-ms-blob-content-type must be ${blob.mime}.`);
		}
		if (body.length > blob.maxBytes) {
			return refuse(413, 'RequestBodyTooLarge', `The blob is larger than ${blob.maxBytes} bytes.`);
		}
		blob.uploaded = {
			bytes: body.length,
			contentType: put.blobContentType,
			at: Date.now(),
			sample: body.subarray(0, 32).toString('base64'),
		};
		res.writeHead(201, { 'Content-Length': 0 });
		res.end();
	}
}

function extension(filename: string | null): string {
	const match = /\.[A-Za-z0-9]{1,8}$/.exec(filename ?? '');
	return match ? match[0].toLowerCase() : '';
}
