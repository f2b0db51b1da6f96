// POST /public-api/end-companies and GET /public-api/end-companies/{psa_company_id}, and the
// inbound-tenant mapping white-label chat sessions rely on.
import { SEED } from './index';
import { client, errorFields, sandboxPerFile } from './testClient';

const sb = sandboxPerFile();
const api = client(sb);
const EC = '/public-api/end-companies';
const CHAT = '/public-api/chat/sessions';

const full = {
	psa_company_id: '2001',
	psa_company_name: 'Tailspin Toys',
	tenant_id: '11111111-2222-4333-8444-555555555555',
	custom_instructions: 'VIP client',
	custom_instructions_for_user_facing_chat: 'Be brief.',
	auto_assign_exchange_admin: true,
	employee_identity_provider: {
		onprem_ad_adconnect_server_hostname: 'ts-aadc01',
		onprem_ad_runner_hostname: 'ts-runner01',
		onprem_service_account_username: 'svc-neo',
	},
	mailbox_provider: null,
	marketplace_company_ids: [{ company_id: 'mk-77' }],
};

describe('POST /public-api/end-companies', () => {
	it('creates (201) with every documented field echoed and both access flags false', async () => {
		const r = await api.post(EC, full);
		expect(r.status).toBe(201);
		expect(r.json.data).toEqual({
			...full,
			azure_application_access_granted: false,
			azure_delegated_access_granted: false,
		});
		expect(sb().state().created.endCompanies).toBe(1);
		expect((await api.get(`${EC}/2001`)).json.data).toEqual(r.json.data);
	});

	it('fills the optional fields with defaults when only the required ones are sent', async () => {
		const r = await api.post(EC, { psa_company_id: '2002', psa_company_name: 'Litware' });
		expect(r.json.data).toMatchObject({
			tenant_id: null,
			custom_instructions: null,
			auto_assign_exchange_admin: false,
			marketplace_company_ids: [],
		});
	});

	it('requires psa_company_id and psa_company_name (422 naming them; blank too)', async () => {
		const missing = await api.post(EC, {});
		expect(errorFields(missing).sort()).toEqual(['body:psa_company_id', 'body:psa_company_name']);
		const blank = await api.post(EC, { psa_company_id: ' ', psa_company_name: '' });
		expect(blank.status).toBe(422);
		expect(errorFields(blank).sort()).toEqual(['body:psa_company_id', 'body:psa_company_name']);
		const typo = await api.post(EC, {
			psa_company_id: 1,
			psa_company_name: 'x',
			mailbox_provider: { hostname: 'x' },
		});
		expect(errorFields(typo).sort()).toEqual([
			'body:mailbox_provider.hostname',
			'body:psa_company_id',
		]);
	});

	it('answers 409 conflict naming psa_company_id for a second create, per tenant only', async () => {
		const first = await api.post(EC, { psa_company_id: '2003', psa_company_name: 'A' });
		expect(first.status).toBe(201);
		const again = await api.post(EC, { psa_company_id: '2003', psa_company_name: 'B' });
		expect(again.status).toBe(409);
		expect(again.json.error).toMatchObject({
			code: 'conflict',
			details: { psa_company_id: '2003' },
		});
		const seeded = await api.post(EC, {
			psa_company_id: SEED.endCompanies.tenant.contoso,
			psa_company_name: 'Contoso again',
		});
		expect(seeded.status).toBe(409);
		const other = await api.post(
			EC,
			{ psa_company_id: '2003', psa_company_name: 'Globex client' },
			sb().keys.otherTenant,
		);
		expect(other.status).toBe(201);
		expect(sb().created.endCompanies).toHaveLength(2);
	});

	it('answers 409 for a tenant_id already mapped, naming the existing company only to its MSP', async () => {
		const mine = await api.post(EC, {
			psa_company_id: '2004',
			psa_company_name: 'Dup',
			tenant_id: SEED.inboundTenants.mapped,
		});
		expect(mine.status).toBe(409);
		expect(mine.json.error.details).toEqual({
			tenant_id: SEED.inboundTenants.mapped,
			existing_psa_company_id: SEED.endCompanies.tenant.contoso,
		});
		const theirs = await api.post(
			EC,
			{ psa_company_id: '2004', psa_company_name: 'Dup', tenant_id: SEED.inboundTenants.mapped },
			sb().keys.otherTenant,
		);
		expect(theirs.status).toBe(409);
		expect(theirs.json.error.details).toEqual({ tenant_id: SEED.inboundTenants.mapped });
	});
});

describe('GET /public-api/end-companies/{psa_company_id}', () => {
	it('reads a seeded company with its consent flags', async () => {
		const r = await api.get(`${EC}/${SEED.endCompanies.tenant.contoso}`);
		expect(r.json.data).toMatchObject({
			psa_company_id: '1001',
			psa_company_name: 'Contoso Ltd',
			tenant_id: SEED.inboundTenants.mapped,
			azure_application_access_granted: true,
			azure_delegated_access_granted: true,
		});
		const fabrikam = await api.get(`${EC}/${SEED.endCompanies.tenant.fabrikam}`);
		expect(fabrikam.json.data.azure_application_access_granted).toBe(false);
	});

	it('is per tenant: the same PSA id is another company elsewhere; unknown is 404', async () => {
		const theirs = await api.get(`${EC}/1001`, {}, sb().keys.otherTenant);
		expect(theirs.json.data.psa_company_name).toBe('Initech');
		const nf = await api.get(`${EC}/9999`);
		expect(nf.status).toBe(404);
		expect(nf.json.error.details).toEqual({ psa_company_id: '9999' });
		expect((await api.get(`${EC}/${encodeURIComponent('a b/c')}`)).json.error.details).toEqual({
			psa_company_id: 'a b/c',
		});
	});

	it('reset drops created companies and keeps the seeded ones', async () => {
		await api.post(EC, { psa_company_id: '2005', psa_company_name: 'Gone' });
		sb().reset();
		expect((await api.get(`${EC}/2005`)).status).toBe(404);
		expect((await api.get(`${EC}/1003`)).status).toBe(200);
	});
});

describe('end companies map white-label chat sessions', () => {
	const whiteLabel = (inbound: string) =>
		api.post(
			CHAT,
			{ managed_agent_key: 'NEO_SUPPORT', bot_id: 'bot-1', inbound_tenant_id: inbound },
			sb().keys.platform,
		);

	it('an unmapped inbound tenant is 409 until an end company with that tenant_id exists', async () => {
		const before = await whiteLabel(SEED.inboundTenants.unmapped);
		expect(before.status).toBe(409);
		expect(before.json.error.code).toBe('end_company_not_mapped');
		const created = await api.post(EC, {
			psa_company_id: '2006',
			psa_company_name: 'Adatum',
			tenant_id: SEED.inboundTenants.unmapped,
		});
		expect(created.status).toBe(201);
		const after = await whiteLabel(SEED.inboundTenants.unmapped);
		expect(after.status).toBe(201);
		expect(sb().created.sessions[0]).toMatchObject({
			tenant_id: SEED.tenants.tenant,
			end_company_id: '2006',
		});
		sb().reset();
		expect((await whiteLabel(SEED.inboundTenants.unmapped)).status).toBe(409);
	});

	it('the seeded mapping routes to end company 1001 of the main tenant', async () => {
		expect((await whiteLabel(SEED.inboundTenants.mapped)).status).toBe(201);
		expect(sb().created.sessions[0].end_company_id).toBe(SEED.inboundTenants.endCompanyId);
	});
});
