// POST /public-api/chat/sessions/{session_id}/attachments/upload-url ("Get a signed URL to upload
// a chat image or document"): a short-lived URL on the blob stand-in (blobs.ts), the blob's path,
// its type and the size cap. The type list is the contract's enum (openapi.json).
import { notFound, type Route } from '../http';

export const issueUploadUrl: Route = ({ caller, params, body, store }) => {
	const sessionId = params.session_id as string;
	if (!store.findSession(caller.tenantId, sessionId)) {
		throw notFound('Session', 'session_id', sessionId);
	}
	const filename = (body.filename as string | null | undefined) ?? null;
	const data = store.blobs.issue(caller.tenantId, sessionId, body.content_type as string, filename);
	return { status: 200, data };
};
