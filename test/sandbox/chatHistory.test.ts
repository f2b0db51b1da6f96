/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// GET …/chat/sessions/{id}/messages (history, oldest first; the other reading: UI messages with
// parts) and POST …/chat/sessions/{id}/reset (archive, cancel the running turn, idempotent).
import { DEFAULT_CONFIG, SEED, startSandbox, type NeoSandbox } from './index';
import { client } from './testClient';

let sb: NeoSandbox;
const api = client(() => sb);
const SESSION = SEED.sessions.tenant;
const base = `/public-api/chat/sessions/${SESSION}`;

beforeAll(async () => {
	sb = await startSandbox({ readings: { chatMessagesAsUiMessages: false } });
});
beforeEach(() => {
	sb.reset();
	sb.configure({ ...DEFAULT_CONFIG, readings: { chatMessagesAsUiMessages: false } });
	sb.chat.configure({ partMs: 1 });
});
afterAll(async () => {
	const violations = [...sb.contractViolations];
	await sb.close();
	expect(violations).toEqual([]);
});

const finished = () =>
	new Promise<void>((resolve) => {
		const check = () =>
			sb.chat.turns.every((t) => t.status !== 'running' && t.status !== 'queued')
				? resolve()
				: setTimeout(check, 5);
		check();
	});

describe('chat history and reset', () => {
	it('lists the user messages and finished replies, oldest first, with content', async () => {
		await api.post(`${base}/messages`, { message: 'First question' });
		await finished();
		await api.post(`${base}/messages`, { message: 'Second question' });
		await finished();
		const r = await api.get(`${base}/messages`);
		expect(r.status).toBe(200);
		expect(r.json.data.map((m: { role: string }) => m.role)).toEqual([
			'user',
			'assistant',
			'user',
			'assistant',
		]);
		expect(r.json.data[0]).toMatchObject({ content: 'First question' });
		const paged = await api.get(`${base}/messages`, { page_size: 3 });
		expect(paged.json.meta.pagination.has_more).toBe(true);
		const rest = await api.get(`${base}/messages`, {
			page_size: 3,
			cursor: paged.json.meta.pagination.next_cursor,
		});
		expect(rest.json.data.map((m: { id: string }) => m.id)).toEqual([r.json.data[3].id]);
	});

	it('the other reading answers AI SDK UI messages: text in parts, no content', async () => {
		sb.configure({ readings: { chatMessagesAsUiMessages: true } });
		await api.post(`${base}/messages`, { message: 'Hello' });
		const row = (await api.get(`${base}/messages`)).json.data[0];
		expect(row).not.toHaveProperty('content');
		expect(row.parts).toEqual([{ type: 'text', text: 'Hello' }]);
	});

	it('reset archives the session, cancels the running turn, and answers 200 again', async () => {
		sb.chat.configure({ partMs: 50 });
		await api.post(`${base}/messages`, { message: 'A long one' });
		const r = await api.post(`${base}/reset`);
		expect(r.status).toBe(200);
		expect(r.json.data.archived_at).toEqual(expect.any(String));
		expect(sb.chat.turns[0].status).toBe('cancelled');
		const again = await api.post(`${base}/reset`);
		expect(again.status).toBe(200);
		expect(again.json.data.archived_at).toBe(r.json.data.archived_at);
		expect((await api.get(`${base}/messages`)).json.data).toHaveLength(1);
		expect((await api.post(`/public-api/chat/sessions/cs_nope/reset`)).status).toBe(404);
	});
});
