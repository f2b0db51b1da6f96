import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeProperties,
} from 'n8n-workflow';

import type { ParameterReader } from '../../helpers/parameters';
import { neoPath, type NeoFailure } from '../../transport';
import { checkNeoBaseUrl } from '../../transport/baseUrl';
import type { NeoClient } from '../../transport/client';
import { backoffDelay } from '../../transport/retryPolicy';
import { waitUnlessCancelled } from '../../transport/wait';

/** Neo's chat attachments: at most six per message (doc). */
export const MAX_ATTACHMENTS = 6;

/** The types Neo's upload page lists: four image types, and documents on its newer page. */
export const ATTACHMENT_TYPES = [
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
	'application/pdf',
	'text/plain',
	'text/csv',
	'application/msword',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const UPLOAD_TIMEOUT_MS = 120_000;
const UPLOAD_ATTEMPTS = 3;

export const attachmentsOption: INodeProperties = {
	displayName: 'Attachments (Binary Properties)',
	name: 'attachmentProperties',
	type: 'string',
	default: '',
	placeholder: 'e.g. data, screenshot',
	description:
		"Names of the input item's binary properties to attach, comma-separated (up to 6): images (PNG, JPEG, GIF, WebP) or documents (PDF, text, CSV, Word, Excel). Each file is uploaded to Neo's storage before the message is sent. Empty: no attachments.",
};

/** One file to attach, checked before anything is sent. */
export interface AttachmentFile {
	property: string;
	mime: string;
	filename: string;
}

const OPTION = 'sendOptions.attachmentProperties';

/**
 * The attachments of one item: each named binary property must exist and be of a type Neo takes,
 * and there may be at most six. Checked before any request; undefined when none are named.
 */
export function readAttachments(
	read: ParameterReader,
	ctx: IExecuteFunctions,
): AttachmentFile[] | undefined {
	const text = read.optionalString(OPTION);
	if (text === undefined) return undefined;
	const names = [
		...new Set(
			text
				.split(',')
				.map((name) => name.trim())
				.filter((name) => name !== ''),
		),
	];
	const label = read.label(OPTION);
	if (names.length > MAX_ATTACHMENTS) {
		read.fail(
			label,
			`names ${names.length} files; Neo takes at most ${MAX_ATTACHMENTS} per message`,
		);
	}
	return names.map((property) => {
		let binary: IBinaryData;
		try {
			binary = ctx.helpers.assertBinaryData(read.itemIndex, property);
		} catch {
			return read.fail(
				label,
				`names the binary property "${property}", which the item does not have`,
			);
		}
		const mime = (binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
		const filename = binary.fileName ?? property;
		if (!ATTACHMENT_TYPES.includes(mime)) {
			read.fail(
				label,
				`names "${property}" (${filename}), of type "${mime || 'unknown'}", which Neo does not take (it takes ${ATTACHMENT_TYPES.join(', ')})`,
			);
		}
		return { property, mime, filename };
	});
}

export type UploadResult =
	| { ok: true; attachments: IDataObject[] }
	| { ok: false; failure: NeoFailure };

interface Slot {
	uploadUrl: string;
	blobPath: string;
	mime: string;
	maxBytes: number | undefined;
}

function failure(code: string, message: string, extra: Partial<NeoFailure> = {}): UploadResult {
	return { ok: false, failure: { code, message, attempts: 1, waitedMs: 0, ...extra } };
}

/**
 * Uploads an item's files the way Neo's upload page says: per file a signed URL from Neo
 * (`…/attachments/upload-url`), then the bytes PUT to it, then the message names each blob. Every
 * URL is asked for before anything is uploaded, so a file over Neo's `max_image_bytes` fails the
 * item with nothing uploaded and no message sent. The PUT goes to Azure Blob storage through
 * n8n's plain HTTP helper: never with the Neo credential.
 */
export async function uploadAttachments(
	client: NeoClient,
	ctx: IExecuteFunctions,
	itemIndex: number,
	sessionId: string,
	files: AttachmentFile[],
): Promise<UploadResult> {
	const path = neoPath('/public-api/chat/sessions/{session_id}/attachments/upload-url', {
		session_id: sessionId,
	});
	const slots: Slot[] = [];
	for (const file of files) {
		const sent = await client.send({
			method: 'POST',
			path,
			body: { content_type: file.mime, filename: file.filename },
			// A signed URL is not a resource: asking again only mints another one.
			safeToRepeat: true,
		});
		if (!sent.ok) {
			return {
				ok: false,
				failure: {
					...sent.failure,
					details: { ...sent.failure.details, attachment: file.property },
				},
			};
		}
		const data = sent.value.data as IDataObject;
		const uploadUrl = typeof data.upload_url === 'string' ? data.upload_url : '';
		const blobPath = typeof data.blob_path === 'string' ? data.blob_path : '';
		if (!uploadUrl || !blobPath) {
			return failure('invalid_response', "Neo's upload-url answer has no upload_url or blob_path", {
				requestId: sent.value.meta.request_id,
			});
		}
		const checked = checkNeoBaseUrl(uploadUrl);
		if ('problem' in checked) {
			return failure(
				'invalid_upload_url',
				`Neo's upload URL for "${file.property}" is not https: refused`,
			);
		}
		const maxBytes = typeof data.max_image_bytes === 'number' ? data.max_image_bytes : undefined;
		const mime = typeof data.mime === 'string' && data.mime !== '' ? data.mime : file.mime;
		slots.push({ uploadUrl, blobPath, mime, maxBytes });
	}

	const buffers: Buffer[] = [];
	for (const [index, file] of files.entries()) {
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, file.property);
		const { maxBytes } = slots[index];
		if (maxBytes !== undefined && buffer.length > maxBytes) {
			return failure(
				'attachment_too_large',
				`Attachment "${file.property}" (${file.filename}) is ${buffer.length} bytes; Neo takes at most ${maxBytes} bytes per file. Nothing was uploaded and no message was sent.`,
				{ details: { attachment: file.property, bytes: buffer.length, max_image_bytes: maxBytes } },
			);
		}
		buffers.push(buffer);
	}

	for (const [index, file] of files.entries()) {
		const put = await putBlob(ctx, client, slots[index], buffers[index]);
		if (put !== undefined) {
			return failure(
				'attachment_upload_failed',
				`Uploading attachment "${file.property}" (${file.filename}) to Neo's storage failed: ${put.problem}. No message was sent.`,
				{ httpStatus: put.status, details: { attachment: file.property } },
			);
		}
	}
	return {
		ok: true,
		attachments: files.map((file, index) => ({
			blob_path: slots[index].blobPath,
			mime: slots[index].mime,
			filename: file.filename,
		})),
	};
}

/** One blob PUT (re-sent after a 5xx, a 429 or a dropped connection: a PUT is idempotent). */
async function putBlob(
	ctx: IExecuteFunctions,
	client: NeoClient,
	slot: Slot,
	body: Buffer,
): Promise<{ problem: string; status?: number } | undefined> {
	let last: { problem: string; status?: number } = { problem: 'not sent' };
	for (let attempt = 0; attempt < UPLOAD_ATTEMPTS; attempt++) {
		if (attempt > 0 && !(await waitUnlessCancelled(backoffDelay(attempt - 1), client.cancelled))) {
			return { problem: 'the execution was cancelled' };
		}
		try {
			// n8n's plain helper: no credential is attached, so the Neo key never reaches the blob store.
			const response = (await ctx.helpers.httpRequest({
				method: 'PUT',
				url: slot.uploadUrl,
				body,
				headers: {
					'x-ms-blob-type': 'BlockBlob',
					'x-ms-blob-content-type': slot.mime,
					'Content-Type': slot.mime,
				},
				json: false,
				timeout: UPLOAD_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
			const status = response.statusCode;
			if (status >= 200 && status < 300) return undefined;
			last = {
				problem: `the storage answered HTTP ${status} (${describe(response.body)})`,
				status,
			};
			if (status !== 429 && status < 500) return last;
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			last = {
				problem: `the connection failed (${typeof code === 'string' ? code : 'no answer'})`,
			};
		}
	}
	return last;
}

function describe(body: unknown): string {
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: JSON.stringify(body);
	const code = /<Code>([^<]+)<\/Code>/.exec(text ?? '')?.[1];
	return code ?? (text ?? '').replace(/\s+/g, ' ').slice(0, 120);
}
