/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * "If It Already Exists → Return the Existing One" in n8n's real engine against the sandbox, under
 * each reading of Neo's 409 (test/sandbox/readings.ts): whatever the 409's code, the node reads
 * the record back by the key it sent, returns it only when the key matches, reports the fields
 * that differ from what was asked, and never sends a create twice. Each test sets the readings it
 * is about, so both jest projects assert the same behaviour; the rest of the profile (records
 * without unset fields, under "other readings") must not change it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { collectorNode, itemsNode, runWorkflow } from '../helpers/n8nEngine';
import { SEED } from '../sandbox';
import type { Readings } from '../sandbox/readings';
import { runNeo } from './neoWorkflow';
import { useSandbox } from './useSandbox';

const sandbox = useSandbox();
const v2 = { typeVersion: 2 };
const CONTOSO = SEED.endCompanies.tenant.contoso;
const CONTOSO_TENANT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const SEEDED_CHANNEL = { id: SEED.channels.tenant, internal_name: 'seed-contoso-teams' };

const run = (parameters: INodeParameters, items: IDataObject[] = [{}]) =>
	runNeo({ sandbox: sandbox(), parameters, items, onError: 'continueErrorOutput', node: v2 });

const readings = (patch: Partial<Readings>) => sandbox().configure({ readings: patch });
const posts = (path: string) => sandbox().count(`POST ${path}`);

const endCompany = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'endCompany',
	operation: 'create',
	psaCompanyId: '={{ $json.psaId }}',
	psaCompanyName: '={{ $json.name }}',
	ifExists: 'returnExisting',
	...extra,
});

const channel = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'channel',
	operation: 'create',
	audience: 'END_USER',
	internalName: '={{ $json.name }}',
	channelType: 'TEAMS',
	ifExists: 'returnExisting',
	...extra,
});

/** The 409 reading a test runs under: Neo's code for a duplicate, and whether it names the record. */
const CODES = [
	{ reading: 'code conflict', patch: { conflictCodes: false, conflictNoDetails: false } },
	{ reading: 'conflictCodes', patch: { conflictCodes: true, conflictNoDetails: false } },
];

describe.each(CODES)('End Company → Create re-run, 409 under $reading', ({ patch }) => {
	beforeEach(() => readings(patch));

	it('returns the company the first run created, unchanged, and sends each create once', async () => {
		const item = { psaId: '30001', name: 'Tailspin Toys' };
		const first = await run(endCompany(), [item]);
		expect(first.ok[0].json).toMatchObject({ psa_company_id: '30001', alreadyExisted: false });
		expect(first.ok[0].json).not.toHaveProperty('differences');

		const again = await run(endCompany(), [item]);
		expect(again.errors).toEqual([]);
		expect(again.ok[0].json).toMatchObject({
			psa_company_id: '30001',
			psa_company_name: 'Tailspin Toys',
			alreadyExisted: true,
			differences: [],
		});
		expect(again.result.hints('Neo')).toEqual([]);
		expect(posts('/public-api/end-companies')).toBe(2);
		expect(sandbox().state().created.endCompanies).toBe(1);
	});

	it('a re-run that adds a Tenant ID returns the company unchanged, with differences and a warning hint', async () => {
		const tenantId = '11111111-2222-4333-8444-555555555555';
		await run(endCompany(), [{ psaId: '30002', name: 'Wingtip' }]);
		const again = await run(endCompany({ additionalFields: { tenantId } }), [
			{ psaId: '30002', name: 'Wingtip' },
			{ psaId: CONTOSO, name: 'Contoso' },
		]);
		expect(again.ok.map((item) => item.json.alreadyExisted)).toEqual([true, true]);
		expect(again.ok[0].json.differences).toEqual(['tenant_id']);
		// Unchanged: Neo's record still has no tenant (null, or left out under missingOptionalFields).
		expect(again.ok[0].json.tenant_id ?? null).toBeNull();
		expect(again.ok[1].json.differences).toEqual(['psa_company_name', 'tenant_id']);
		expect(again.result.hints('Neo')).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message:
					'The existing end company was returned unchanged: tenant_id differs from what was asked (see "differences"). Neo\'s end-company update is not documented, so the node changes nothing: change them in Neo\'s dashboard. (item 0)',
			},
			expect.objectContaining({
				type: 'warning',
				message: expect.stringMatching(
					/^The existing end company was returned unchanged: psa_company_name, tenant_id differ .* \(item 1\)$/,
				),
			}),
		]);
		expect(posts('/public-api/end-companies')).toBe(3);
	});

	it('a 409 about something else (the Tenant ID is mapped to another company) is the original 409, said clearly', async () => {
		const { ok, errors } = await run(
			endCompany({ additionalFields: { tenantId: CONTOSO_TENANT } }),
			[{ psaId: '30003', name: 'Litware' }],
		);
		expect(ok).toEqual([]);
		const error = errors[0].json.error as IDataObject;
		expect(error).toMatchObject({
			httpStatus: 409,
			code: patch.conflictCodes ? 'TENANT_ALREADY_MAPPED' : 'conflict',
		});
		expect(error.message).toMatch(
			/^Neo error 409 \w+: Tenant 6f1c2a3b-\S+ is already mapped to an end company\. \(If It Already Exists → Return the Existing One: Neo has no end company with psa_company_id "30003", so this 409 is about something else\.\)$/,
		);
		expect(sandbox().requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /public-api/end-companies 409',
			'GET /public-api/end-companies/30003 404',
		]);
	});
});

it('a read-back that fails is the original 409, naming the read-back’s own error', async () => {
	sandbox().addFault({
		method: 'GET',
		path: '/public-api/end-companies/{psa_company_id}',
		times: 1,
		fault: { kind: 'status', status: 403, message: 'Key lacks end-company read access.' },
	});
	const { errors } = await run(endCompany(), [{ psaId: CONTOSO, name: 'Contoso Ltd' }]);
	const error = errors[0].json.error as IDataObject;
	expect(error.httpStatus).toBe(409);
	expect(error.message).toMatch(
		/ \(If It Already Exists → Return the Existing One: Reading the existing end company back failed \(Neo error 403 forbidden: Key lacks end-company read access\.\), so it cannot be told whether it is the one asked for\.\)$/,
	);
	expect(posts('/public-api/end-companies')).toBe(1);
});

describe('End Company → Create re-run when the 409 carries no details (conflictNoDetails)', () => {
	it('still returns the existing company: the key it reads back by is the one it sent', async () => {
		readings({ conflictCodes: true, conflictNoDetails: true });
		const { ok } = await run(endCompany(), [{ psaId: CONTOSO, name: 'Contoso Ltd' }]);
		expect(ok[0].json).toMatchObject({ psa_company_id: CONTOSO, alreadyExisted: true });
		expect(posts('/public-api/end-companies')).toBe(1);
	});
});

describe.each(CODES)('Channel → Create re-run, 409 under $reading', ({ patch }) => {
	beforeEach(() => readings(patch));

	it('returns the channel the first run created, unchanged, and sends each create once', async () => {
		const item = { name: 'tailspin-teams' };
		const params = channel({ additionalFields: { welcomeMessage: 'Hi!' } });
		const first = await run(params, [item]);
		expect(first.ok[0].json).toMatchObject({
			internal_name: 'tailspin-teams',
			alreadyExisted: false,
		});
		const again = await run(params, [item]);
		expect(again.ok[0].json).toMatchObject({
			id: first.ok[0].json.id,
			internal_name: 'tailspin-teams',
			welcome_message: 'Hi!',
			alreadyExisted: true,
			differences: [],
		});
		// Nothing differs: no hint (Neo's read answers carry no "no agent bound" warning either).
		expect(again.result.hints('Neo')).toEqual([]);
		expect(posts('/public-api/channels')).toBe(2);
		expect(sandbox().created.channels).toHaveLength(1);
	});

	it('a re-run with another welcome message returns the channel unchanged, naming the field', async () => {
		const { ok, result } = await run(
			channel({ additionalFields: { welcomeMessage: 'Welcome to Contoso IT' } }),
			[{ name: SEEDED_CHANNEL.internal_name }],
		);
		expect(ok[0].json).toMatchObject({
			id: SEEDED_CHANNEL.id,
			welcome_message: 'Hi! How can I help?',
			alreadyExisted: true,
			differences: ['welcome_message'],
		});
		expect(result.hints('Neo')).toEqual([
			expect.objectContaining({
				type: 'warning',
				message:
					'The existing channel was returned unchanged: welcome_message differs from what was asked (see "differences"). Change them with Channel → Update. (item 0)',
			}),
		]);
	});

	it('a 409 that names a channel with another internal name is the original 409, said clearly', async () => {
		sandbox().addFault({
			path: '/public-api/channels',
			method: 'POST',
			times: 1,
			fault: {
				kind: 'status',
				status: 409,
				code: 'RESOURCE_LOCKED',
				message: 'Channel resources are locked.',
				details: { existing_channel_id: SEEDED_CHANNEL.id },
			},
		});
		const { ok, errors } = await run(channel(), [{ name: 'fresh-name' }]);
		expect(ok).toEqual([]);
		expect(errors[0].json.error).toMatchObject({
			httpStatus: 409,
			code: 'RESOURCE_LOCKED',
			message:
				'Neo error 409 RESOURCE_LOCKED: Channel resources are locked. (If It Already Exists → Return the Existing One: The channel read back has internal_name "seed-contoso-teams", not "fresh-name", so it is not the one asked for and is not returned.)',
		});
		expect(posts('/public-api/channels')).toBe(1);
		expect(sandbox().created.channels).toHaveLength(0);
	});
});

describe('Channel → Create re-run when the 409 names no channel (conflictNoDetails)', () => {
	it('fails the item clearly: the 409 did not name the channel, and what to do', async () => {
		readings({ conflictCodes: true, conflictNoDetails: true });
		const { ok, errors } = await run(channel(), [{ name: SEEDED_CHANNEL.internal_name }]);
		expect(ok).toEqual([]);
		const error = errors[0].json.error as IDataObject;
		expect(error).toMatchObject({ httpStatus: 409, code: 'CHANNEL_NAME_TAKEN' });
		expect(error.message).toBe(
			`Neo error 409 CHANNEL_NAME_TAKEN: A channel with internal name "${SEEDED_CHANNEL.internal_name}" already exists. (If It Already Exists → Return the Existing One: Neo's 409 does not name the existing channel (assumed: its details carry the channel's ID, e.g. existing_channel_id), and Neo documents no channel list to find it by internal name. Find the channel in Neo's dashboard and read it with Channel → Get by its ID, or choose another internal name.)`,
		);
		expect(error.hint).toMatch(/If It Already Exists → Return the Existing One/);
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /public-api/channels',
		]);
	});
});

/**
 * The onboarding example as saved in examples/: its Neo nodes unchanged; its Set node "End client"
 * becomes a harness items node with the same values, and the summary a collector (n8n-nodes-base
 * is not installed here).
 */
function onboardingExample(): { nodes: INode[]; connections: IConnections } {
	const file = path.join(__dirname, '..', '..', 'examples', 'onboarding.workflow.json');
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: INode[];
		connections: IConnections;
	};
	const endClient = workflow.nodes.find((node) => node.name === 'End client') as INode;
	const assignments = (
		endClient.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
	).assignments;
	const values = Object.fromEntries(assignments.map(({ name, value }) => [name, value]));
	const nodes = workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-neo.neo')
		.concat(itemsNode('End client', [values]), collectorNode('Onboarding summary'));
	const connections = { ...workflow.connections };
	delete connections['Start onboarding'];
	return { nodes, connections };
}

describe('the onboarding example, run twice', () => {
	const runExample = () =>
		runWorkflow({
			...onboardingExample(),
			credentials: { neoApi: { apiKey: sandbox().keys.tenant, baseUrl: sandbox().url } },
		});

	it.each(CODES)(
		'with the 409 under $reading, the re-run returns the end company and channel the first run created',
		async ({ patch }) => {
			readings(patch);
			const first = await runExample();
			expect(first.error).toBeUndefined();
			const again = await runExample();
			expect(again.error).toBeUndefined();
			const company = again.output('Register end company')[0].json;
			const teams = again.output('Create Teams channel')[0].json;
			expect(company).toMatchObject({
				psa_company_id: '19544',
				alreadyExisted: true,
				differences: [],
			});
			expect(teams).toMatchObject({
				id: first.output('Create Teams channel')[0].json.id,
				internal_name: 'contoso-dental-teams',
				alreadyExisted: true,
				differences: [],
			});
			expect(again.output('Onboarding summary')).toHaveLength(1);
			expect(posts('/public-api/end-companies')).toBe(2);
			expect(posts('/public-api/channels')).toBe(2);
			expect(sandbox().state().created).toMatchObject({ endCompanies: 1, channels: 1 });
		},
	);

	it('when the 409 names no channel (conflictNoDetails), the re-run stops at the channel and says why', async () => {
		readings({ conflictCodes: true, conflictNoDetails: true });
		await runExample();
		const again = await runExample();
		expect(again.output('Register end company')[0].json).toMatchObject({ alreadyExisted: true });
		expect(again.nodeError('Create Teams channel')?.message).toMatch(
			/^Neo error 409 CHANNEL_NAME_TAKEN: .*Neo's 409 does not name the existing channel/,
		);
		expect(again.executedNodes).not.toContain('Create chat session');
		expect(sandbox().state().created).toMatchObject({ endCompanies: 1, channels: 1 });
	});
});
