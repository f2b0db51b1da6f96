// The other readings of a duplicate create's 409 and of the records Neo answers
// (test/sandbox/readings.ts): conflictCodes, conflictNoDetails, missingOptionalFields. Each switch
// must really change the answer, and the answer must still conform to openapi.json.
import { DEFAULT_CONFIG, loadOpenApi } from './index';
import type { ReadingName } from './readings';
import { client, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const EC = '/public-api/end-companies';
const CHANNELS = '/public-api/channels';
const SEEDED_COMPANY = '1001';
const SEEDED_CHANNEL = { id: 'ch_seed_contoso_teams', internal_name: 'seed-contoso-teams' };
const channel = (internal_name: string, extra: Record<string, unknown> = {}) => ({
	audience: 'END_USER',
	type: 'TEAMS',
	internal_name,
	...extra,
});

const on = (...names: ReadingName[]) =>
	sb().configure({ readings: Object.fromEntries(names.map((name) => [name, true])) });

describe('conflictCodes', () => {
	it('a duplicate end company is 409 END_COMPANY_EXISTS instead of conflict, details kept', async () => {
		const body = { psa_company_id: SEEDED_COMPANY, psa_company_name: 'Contoso' };
		expect((await api.post(EC, body)).json.error.code).toBe('conflict');
		on('conflictCodes');
		const r = await api.post(EC, body);
		expect(r.status).toBe(409);
		expect(r.json.error).toMatchObject({
			code: 'END_COMPANY_EXISTS',
			details: { psa_company_id: SEEDED_COMPANY },
		});
	});

	it('a tenant already mapped is 409 TENANT_ALREADY_MAPPED', async () => {
		const tenant_id = '11111111-2222-4333-8444-555555555555';
		await api.post(EC, { psa_company_id: 'a', psa_company_name: 'A', tenant_id });
		on('conflictCodes');
		const r = await api.post(EC, { psa_company_id: 'b', psa_company_name: 'B', tenant_id });
		expect(r.json.error).toMatchObject({ code: 'TENANT_ALREADY_MAPPED', details: { tenant_id } });
	});

	it('a taken internal name is 409 CHANNEL_NAME_TAKEN on create and on update', async () => {
		on('conflictCodes');
		const r = await api.post(CHANNELS, channel(SEEDED_CHANNEL.internal_name));
		expect(r.json.error).toMatchObject({
			code: 'CHANNEL_NAME_TAKEN',
			details: { existing_channel_id: SEEDED_CHANNEL.id },
		});
		const other = (await api.post(CHANNELS, channel('other'))).json.data.id as string;
		const patch = await api.patch(`${CHANNELS}/${other}`, {
			internal_name: SEEDED_CHANNEL.internal_name,
		});
		expect(patch.json.error.code).toBe('CHANNEL_NAME_TAKEN');
		expect(sb().created.channels).toHaveLength(1);
	});
});

describe('conflictNoDetails', () => {
	it('the 409s of both creates carry no details at all; the code stays conflict', async () => {
		on('conflictNoDetails');
		const company = await api.post(EC, { psa_company_id: SEEDED_COMPANY, psa_company_name: 'C' });
		const named = await api.post(CHANNELS, channel(SEEDED_CHANNEL.internal_name));
		for (const r of [company, named]) {
			expect(r.status).toBe(409);
			expect(r.json.error.code).toBe('conflict');
			expect(Object.keys(r.json.error)).toEqual(['code', 'message']);
		}
	});

	it('an update’s 409 keeps its details (only creates are switched)', async () => {
		on('conflictNoDetails');
		const other = (await api.post(CHANNELS, channel('other'))).json.data.id as string;
		const patch = await api.patch(`${CHANNELS}/${other}`, {
			internal_name: SEEDED_CHANNEL.internal_name,
		});
		expect(patch.json.error.details).toMatchObject({ existing_channel_id: SEEDED_CHANNEL.id });
	});
});

describe('missingOptionalFields', () => {
	it('an end company leaves out unset fields and both access flags, on create and on read', async () => {
		const body = { psa_company_id: '3001', psa_company_name: 'Litware' };
		on('missingOptionalFields');
		const created = await api.post(EC, body);
		expect(created.json.data).toEqual({
			psa_company_id: '3001',
			psa_company_name: 'Litware',
			auto_assign_exchange_admin: false,
			marketplace_company_ids: [],
		});
		expect((await api.get(`${EC}/3001`)).json.data).toEqual(created.json.data);
		sb().configure(DEFAULT_CONFIG);
		expect((await api.get(`${EC}/3001`)).json.data).toMatchObject({
			tenant_id: null,
			azure_application_access_granted: false,
			azure_delegated_access_granted: false,
		});
	});

	it('a channel leaves out description, welcome message, icons and the agent when unset', async () => {
		on('missingOptionalFields');
		const created = await api.post(CHANNELS, channel('bare', { display_name: 'Bare' }));
		expect(created.status).toBe(201);
		const data = created.json.data as Record<string, unknown>;
		for (const field of [
			'description',
			'welcome_message',
			'color_icon_url',
			'outline_icon_url',
			'relay_prefix',
			'agent_id',
		]) {
			expect([field, field in data]).toEqual([field, false]);
		}
		expect(data.display_name).toBe('Bare');
		const read = await api.get(`${CHANNELS}/${data.id as string}`);
		expect(read.json.data).toEqual(data);
		const patched = await api.patch(`${CHANNELS}/${data.id as string}`, { status: 'ACTIVE' });
		expect(patched.json.data).not.toHaveProperty('description');
	});
});

it('openapi.json marks the contract parts each of these switches changes', () => {
	const marks = new Set<string>();
	const walk = (node: unknown): void => {
		if (Array.isArray(node)) node.forEach(walk);
		else if (node && typeof node === 'object') {
			const mark = (node as Record<string, unknown>)['x-other-reading'];
			if (typeof mark === 'string') marks.add(mark);
			Object.values(node).forEach(walk);
		}
	};
	walk(loadOpenApi());
	for (const name of ['conflictCodes', 'conflictNoDetails', 'missingOptionalFields']) {
		expect(marks).toContain(name);
	}
});
