import { differingFields } from '../../nodes/Neo/helpers/differences';
import { existingChannelId } from '../../nodes/Neo/actions/channel/create.operation';

describe('differingFields (what a re-run asked for that the existing record does not carry)', () => {
	const existing = {
		psa_company_id: '19544',
		psa_company_name: 'Contoso Ltd',
		tenant_id: null,
		agent_id: '101',
		employee_identity_provider: {
			onprem_ad_runner_hostname: 'runner01',
			onprem_service_account_username: 'svc-neo',
		},
		marketplace_company_ids: [{ company_id: 4411 }, { company_id: 'mk-2' }],
	};

	it('is empty when every sent field has the same value (ids as text, lists in any order)', () => {
		expect(
			differingFields(
				{
					psa_company_id: '19544',
					psa_company_name: 'Contoso Ltd',
					agent_id: 101,
					employee_identity_provider: { onprem_ad_runner_hostname: 'runner01' },
					marketplace_company_ids: [{ company_id: 'mk-2' }, { company_id: '4411' }],
				},
				existing,
			),
		).toEqual([]);
	});

	it('names changed, added (null or left out) fields, nested ones by their path, and changed lists', () => {
		expect(
			differingFields(
				{
					psa_company_name: 'Contoso Dental',
					tenant_id: '7d2e4c1a-5b3f-4e6a-9c8d-1f2a3b4c5d6e',
					custom_instructions: 'VIP',
					employee_identity_provider: { onprem_ad_runner_hostname: 'runner02' },
					mailbox_provider: { onprem_exchange_server_hostname: 'ex01' },
					marketplace_company_ids: [{ company_id: '4411' }],
					auto_assign_exchange_admin: false,
				},
				existing,
			),
		).toEqual([
			'psa_company_name',
			'tenant_id',
			'custom_instructions',
			'employee_identity_provider.onprem_ad_runner_hostname',
			'mailbox_provider',
			'marketplace_company_ids',
			'auto_assign_exchange_admin',
		]);
	});
});

describe('existingChannelId (the channel a 409 names)', () => {
	it.each([
		[{ existing_channel_id: 'ch_1' }, 'ch_1'],
		[{ channel_id: 'ch_2' }, 'ch_2'],
		[{ existing_id: 42 }, '42'],
		[{ id: 'ch_3' }, 'ch_3'],
		[{ existing_channel: { id: 'ch_4' } }, 'ch_4'],
		[{ channel: { id: 7 } }, '7'],
		[{ existing: { id: 'ch_5', internal_name: 'x' } }, 'ch_5'],
	])('finds it in %j', (details, id) => {
		expect(existingChannelId(details)).toBe(id);
	});

	it.each([[undefined], [{}], [{ internal_name: 'dup' }], [{ existing_channel_id: '' }]])(
		'finds none in %j',
		(details) => {
			expect(existingChannelId(details)).toBeUndefined();
		},
	);
});
