/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Bad input (issue 4, "Proof"): malformed parameters across the three operations, each fed by an
 * expression so that only the middle of three items is bad. Every case is rejected before anything
 * is sent, with an error naming the parameter as the editor shows it and the item index: when the
 * node fails (nothing at all is sent) and under Continue / the error output (one error item for the
 * bad item; the good items are still sent and succeed).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../sandbox';
import {
	channelCreate,
	chatSessionCreate,
	runNeo,
	tokenMint,
	type NeoRunOptions,
} from '../integration/neoWorkflow';
import { useSandbox } from '../integration/useSandbox';

const sandbox = useSandbox();

/** The parameter under test reads `$json.v`; the middle item carries the bad value. */
const V = '={{ $json.v }}';

/** A good value that must differ per item (channel internal names are unique per tenant). */
const UNIQUE = Symbol('unique per item');

type Op = 'channel' | 'chatSession' | 'mint';

interface BadCase {
	op: Op;
	/** The parameter as the editor displays it. */
	label: string;
	/** Parameters added to the operation's defaults; the one under test is set to V. */
	set: INodeParameters;
	good: unknown;
	bad: unknown;
	/** What the message says is wrong, between the parameter's name and "(item 1)". */
	problem: string;
}

const PATHS: Record<Op, string> = {
	channel: '/public-api/channels',
	chatSession: '/public-api/chat/sessions',
	mint: '/public-api/sessions',
};

const CASES: BadCase[] = [
	// Session Token → Mint
	{
		op: 'mint',
		label: 'TTL (Seconds)',
		set: { additionalFields: { ttlSeconds: V } },
		good: 300,
		bad: 0,
		problem: 'must be at least 1, got 0',
	},
	{
		op: 'mint',
		label: 'TTL (Seconds)',
		set: { additionalFields: { ttlSeconds: V } },
		good: 300,
		bad: -5,
		problem: 'must be at least 1, got -5',
	},
	{
		op: 'mint',
		label: 'TTL (Seconds)',
		set: { additionalFields: { ttlSeconds: V } },
		good: 300,
		bad: 1.5,
		problem: 'must be a whole number, got 1.5',
	},
	{
		op: 'mint',
		label: 'TTL (Seconds)',
		set: { additionalFields: { ttlSeconds: V } },
		good: 300,
		bad: 'abc',
		problem: 'must be a whole number, got "abc"',
	},
	{
		op: 'mint',
		label: 'Allowed Agent IDs',
		set: { additionalFields: { allowedAgentIds: V } },
		good: '101, 102',
		bad: '101, x',
		problem: 'must contain only positive whole numbers, got "x"',
	},
	{
		op: 'mint',
		label: 'Allowed Agent IDs',
		set: { additionalFields: { allowedAgentIds: V } },
		good: '101',
		bad: '101,-3',
		problem: 'must contain only positive whole numbers, got "-3"',
	},
	{
		op: 'mint',
		label: 'Allowed Agent IDs',
		set: { additionalFields: { allowedAgentIds: V } },
		good: [101],
		bad: [101, 2.5],
		problem: 'must contain only positive whole numbers, got 2.5',
	},
	{
		op: 'mint',
		label: 'Allowed Agent IDs',
		set: { additionalFields: { allowedAgentIds: V } },
		good: [101],
		bad: [101, 0],
		problem: 'must contain only positive whole numbers, got 0',
	},
	{
		op: 'mint',
		label: 'Allowed Agent IDs',
		set: { additionalFields: { allowedAgentIds: V } },
		good: '101',
		bad: { id: 101 },
		problem: 'must be a list of whole numbers, got {"id":101}',
	},
	{
		op: 'mint',
		label: 'End User Email',
		set: { additionalFields: { endUserEmail: V } },
		good: 'ana@contoso.com',
		bad: 'ana at contoso',
		problem: 'must be an email address, got "ana at contoso"',
	},
	{
		op: 'mint',
		label: 'End User Email',
		set: { additionalFields: { endUserEmail: V } },
		good: 'ana@contoso.com',
		bad: 'ana@contoso',
		problem: 'must be an email address, got "ana@contoso"',
	},
	{
		op: 'mint',
		label: 'Session ID',
		set: { sessionId: V },
		good: SEED.sessions.tenant,
		bad: '   ',
		problem: 'is required but is empty',
	},
	{
		op: 'mint',
		label: 'Session ID',
		set: { sessionId: V },
		good: SEED.sessions.tenant,
		bad: { id: 'cs_1' },
		problem: 'must be text, got {"id":"cs_1"}',
	},
	{
		op: 'mint',
		label: 'End User',
		set: { additionalFields: { endUser: V } },
		good: 'ana',
		bad: { name: 'ana' },
		problem: 'must be text, got {"name":"ana"}',
	},
	// Channel → Create
	{
		op: 'channel',
		label: 'Internal Name',
		set: { internalName: V },
		good: UNIQUE,
		bad: '',
		problem: 'is required but is empty',
	},
	{
		op: 'channel',
		label: 'Internal Name',
		set: { internalName: V },
		good: UNIQUE,
		bad: ' \t ',
		problem: 'is required but is empty',
	},
	{
		op: 'channel',
		label: 'Internal Name',
		set: { internalName: V },
		good: UNIQUE,
		bad: { name: 'x' },
		problem: 'must be text, got {"name":"x"}',
	},
	{
		op: 'channel',
		label: 'Color Icon URL',
		set: { additionalFields: { iconUrl: V } },
		good: 'https://cdn.example.com/c.png',
		bad: 'cdn.example.com/c.png',
		problem: 'must be an http(s) URL, got "cdn.example.com/c.png"',
	},
	{
		op: 'channel',
		label: 'Outline Icon URL',
		set: { additionalFields: { outlineIconUrl: V } },
		good: 'https://cdn.example.com/o.png',
		bad: 'javascript:alert(1)',
		problem: 'must be an http(s) URL, got "javascript:alert(1)"',
	},
	{
		op: 'channel',
		label: 'Agent ID',
		set: { additionalFields: { agentId: V } },
		good: 101,
		bad: 0,
		problem: 'must be at least 1, got 0',
	},
	{
		op: 'channel',
		label: 'Agent ID',
		set: { additionalFields: { agentId: V } },
		good: 101,
		bad: 'abc',
		problem: 'must be a whole number, got "abc"',
	},
	{
		op: 'channel',
		label: 'Audience',
		set: { audience: V },
		good: 'MSP',
		bad: 'EVERYONE',
		problem: 'must be one of END_USER, MSP, got "EVERYONE"',
	},
	{
		op: 'channel',
		label: 'Channel Type',
		set: { channelType: V },
		good: 'TEAMS',
		bad: 'FAX',
		problem: 'must be one of TEAMS, SLACK, PORTAL, EMAIL, got "FAX"',
	},
	{
		op: 'channel',
		label: 'Show Agent Progress Steps',
		set: { additionalFields: { showAgentProgressSteps: V } },
		good: false,
		bad: 'yes',
		problem: 'must be true or false, got "yes"',
	},
	{
		op: 'channel',
		label: 'Status',
		set: { additionalFields: { status: V } },
		good: 'ACTIVE',
		bad: 'PAUSED',
		problem: 'must be one of ACTIVE, DISCONNECTED, got "PAUSED"',
	},
	{
		op: 'channel',
		label: 'Description',
		set: { additionalFields: { description: V } },
		good: 'Helpdesk',
		bad: ['a', 'b'],
		problem: 'must be text, got ["a","b"]',
	},
	// Chat Session → Create
	{
		op: 'chatSession',
		label: 'Agent ID',
		set: { agentId: V },
		good: 101,
		bad: 0,
		problem: 'must be at least 1, got 0',
	},
	{
		op: 'chatSession',
		label: 'Agent ID',
		set: { agentId: V },
		good: 101,
		bad: 'abc',
		problem: 'must be a whole number, got "abc"',
	},
	{
		op: 'chatSession',
		label: 'Agent ID',
		set: { agentId: V },
		good: '102',
		bad: -1,
		problem: 'must be at least 1, got -1',
	},
	{
		op: 'chatSession',
		label: 'Title',
		set: { additionalFields: { title: V } },
		good: 'Onboarding',
		bad: { title: 'x' },
		problem: 'must be text, got {"title":"x"}',
	},
	{
		op: 'chatSession',
		label: 'Client ID',
		set: { platformRelayFields: { clientId: V } },
		good: '',
		bad: { id: 1 },
		problem: 'must be text, got {"id":1}',
	},
];

function parametersFor(op: Op, set: INodeParameters): INodeParameters {
	if (op === 'channel') return channelCreate(set);
	if (op === 'chatSession') return chatSessionCreate(set);
	return tokenMint(set);
}

function itemsFor(good: unknown, bad: unknown): IDataObject[] {
	return [0, 1, 2].map((i) => ({
		v: (i === 1 ? bad : good === UNIQUE ? `bad-input-name-${i}` : good) as IDataObject[string],
		name: `bad-input-${i}`,
		sessionId: SEED.sessions.tenant,
	}));
}

const caseName = (c: BadCase) => `${c.op} "${c.label}" = ${JSON.stringify(c.bad)}`;

test('the suite has at least 20 malformed cases across the three operations', () => {
	expect(CASES.length).toBeGreaterThanOrEqual(20);
	expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(['channel', 'chatSession', 'mint']));
	expect(new Set(CASES.map(caseName)).size).toBe(CASES.length);
	process.stdout.write(
		`bad input: ${CASES.length} item cases + ${OPTION_CASES.length} option cases\n`,
	);
});

describe.each(CASES.map((c) => [caseName(c), c] as const))('%s', (_name, c) => {
	const message = `Parameter "${c.label}" ${c.problem} (item 1)`;
	const run = async (onError?: NeoRunOptions['onError']) =>
		await runNeo({
			sandbox: sandbox(),
			parameters: parametersFor(c.op, c.set),
			items: itemsFor(c.good, c.bad),
			onError,
		});

	it('fails the node before sending anything, naming the parameter and the item', async () => {
		const { result, ok } = await run();

		const error = result.nodeError('Neo');
		expect(error?.message).toBe(message);
		expect(error?.context.itemIndex).toBe(1);
		expect(error?.description).toMatch(/nothing was sent to Neo/);
		expect(ok).toEqual([]);
		expect(sandbox().count()).toBe(0);
	});

	it('under Continue: one error item for the bad item, the good items are still sent', async () => {
		const { result, ok } = await run('continueRegularOutput');

		expect(result.error).toBeUndefined();
		expect(ok.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(ok[1].json).toEqual({
			error: { message, code: 'invalid_parameter', itemIndex: 1 },
		});
		expect(ok[0].json.error).toBeUndefined();
		expect(ok[2].json.error).toBeUndefined();
		expect(sandbox().count()).toBe(2);
		expect(sandbox().count(PATHS[c.op])).toBe(2);
	});

	it('with the error output: the bad item goes there, the good ones to the main output', async () => {
		const { result, ok, errors } = await run('continueErrorOutput');

		expect(result.error).toBeUndefined();
		expect(ok.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(errors[0].json.error).toMatchObject({
			message,
			code: 'invalid_parameter',
			itemIndex: 1,
		});
		expect(sandbox().count()).toBe(2);
	});
});

describe('what is not malformed', () => {
	it('accepts a number where text is expected (sent as text)', async () => {
		const { result, ok } = await runNeo({
			sandbox: sandbox(),
			parameters: tokenMint({ additionalFields: { endUser: V, endCompanyId: V } }),
			items: [{ sessionId: SEED.sessions.tenant, v: 12345 }],
		});

		expect(result.error).toBeUndefined();
		expect(ok).toHaveLength(1);
		expect(sandbox().requests[0].body).toMatchObject({
			end_user: '12345',
			end_company_id: '12345',
		});
	});

	it('accepts numeric text for numbers and an array for Allowed Agent IDs', async () => {
		const { result } = await runNeo({
			sandbox: sandbox(),
			parameters: tokenMint({
				additionalFields: { ttlSeconds: '={{ "600" }}', allowedAgentIds: '={{ [101, "102"] }}' },
			}),
			items: [{ sessionId: SEED.sessions.tenant }],
		});

		expect(result.error).toBeUndefined();
		expect(sandbox().requests[0].body).toMatchObject({
			ttl_seconds: 600,
			allowed_agent_ids: [101, 102],
		});
	});
});

/**
 * Node-wide options: read once for all items (from item 0), so a bad value concerns every item.
 */
interface OptionCase {
	label: string;
	options: INodeParameters;
	problem: string;
}

const OPTION_CASES: OptionCase[] = [
	{
		label: 'Requests in Parallel',
		options: { concurrency: 0 },
		problem: 'must be at least 1, got 0',
	},
	{
		label: 'Requests in Parallel',
		options: { concurrency: 2.5 },
		problem: 'must be a whole number, got 2.5',
	},
	{ label: 'Max Retries', options: { maxRetries: -1 }, problem: 'must be at least 0, got -1' },
	{
		label: 'Timeout (Seconds)',
		options: { timeoutSeconds: 0 },
		problem: 'must be a number of at least 0.001, got 0',
	},
	{
		label: 'Max Retry Wait (Seconds)',
		options: { maxRetryWaitSeconds: '={{ "soon" }}' },
		problem: 'must be a number of at least 0, got "soon"',
	},
];

describe.each(
	OPTION_CASES.map(
		(c) => [`${c.label} = ${JSON.stringify(Object.values(c.options)[0])}`, c] as const,
	),
)('option %s', (_name, c) => {
	const message = `Parameter "${c.label}" ${c.problem} (item 0)`;
	const items = [0, 1, 2].map((i) => ({ name: `opt-${i}` }));
	const run = async (onError?: NeoRunOptions['onError']) =>
		await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate({ options: c.options }),
			items,
			onError,
		});

	it('fails the node before sending anything, naming the option', async () => {
		const { result } = await run();

		expect(result.nodeError('Neo')?.message).toBe(message);
		expect(sandbox().count()).toBe(0);
	});

	it('under Continue: nothing is sent, and the error is reported per item, not as a node failure', async () => {
		const { result } = await run('continueRegularOutput');

		expect(sandbox().count()).toBe(0);
		expect(result.nodeError('Neo')).toBeUndefined();
	});

	// A node-wide error must not let n8n pass the input items through as if they had succeeded.
	it('under Continue: every item gets an error item', async () => {
		const { ok } = await run('continueRegularOutput');

		expect(ok.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		ok.forEach((item, itemIndex) =>
			expect(item.json.error).toEqual({ message, code: 'invalid_configuration', itemIndex }),
		);
	});

	it('with the error output: every item goes to the error output', async () => {
		const { ok, errors } = await run('continueErrorOutput');

		expect(ok).toEqual([]);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('a credential Base URL the node refuses (plain http to a non-loopback host)', () => {
	it('fails the node before sending anything', async () => {
		const { result } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate(),
			items: [{ name: 'a' }, { name: 'b' }],
			baseUrl: 'http://neo.example.com',
		});

		expect(result.nodeError('Neo')?.message).toMatch(/must use https:\/\//);
		expect(sandbox().count()).toBe(0);
	});

	it('with the error output: no item reaches the success output', async () => {
		const { ok, errors } = await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate(),
			items: [{ name: 'a' }, { name: 'b' }],
			baseUrl: 'http://neo.example.com',
			onError: 'continueErrorOutput',
		});

		expect(sandbox().count()).toBe(0);
		expect(ok).toEqual([]);
		expect(errors).toHaveLength(2);
	});
});

/**
 * Where the bad item is the last of many: when it stops the node, nothing at all may have left
 * (every item is checked first); under Continue and the error output each item stands alone
 * (items are read as they are sent), and every good item is still sent, in order, paired.
 */
describe('a bad last item among 30, one request in parallel', () => {
	const items = Array.from({ length: 30 }, (_v, i) => ({ name: i === 29 ? '' : `last-${i}` }));
	const run = async (onError?: NeoRunOptions['onError']) =>
		await runNeo({
			sandbox: sandbox(),
			parameters: channelCreate({ options: { concurrency: 1 } }),
			items,
			onError,
		});
	const message = 'Parameter "Internal Name" is required but is empty (item 29)';
	const sentNames = () => sandbox().requests.map((r) => (r.body as IDataObject).internal_name);

	it('fails the node with nothing sent', async () => {
		const { result } = await run();

		expect(result.nodeError('Neo')?.message).toBe(message);
		expect(sandbox().count()).toBe(0);
	}, 30_000);

	it('under Continue: the 29 good items are sent in order, the last is an error item', async () => {
		const { result, ok } = await run('continueRegularOutput');

		expect(result.error).toBeUndefined();
		expect(sentNames()).toEqual(items.slice(0, 29).map((item) => item.name));
		expect(ok.map((item) => item.pairedItem)).toEqual(items.map((_v, item) => ({ item })));
		expect(ok.slice(0, 29).map((item) => item.json.internal_name)).toEqual(sentNames());
		expect(ok[29].json.error).toEqual({ message, code: 'invalid_parameter', itemIndex: 29 });
	}, 30_000);

	it('with the error output: the 29 good items succeed, the last goes to the error output', async () => {
		const { ok, errors } = await run('continueErrorOutput');

		expect(sandbox().count()).toBe(29);
		expect(ok.map((item) => item.pairedItem)).toEqual(
			items.slice(0, 29).map((_v, item) => ({ item })),
		);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 29 }]);
	}, 30_000);
});
