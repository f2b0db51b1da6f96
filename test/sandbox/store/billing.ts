// Billing for end users in Teams: what the MSP is charged for its clients' users who chatted with
// Neo. Figures are derived from the month, so every month answers the same way on every run.
import { TENANT_IDS } from '../keys';
import { SEED_END_COMPANIES } from './directory';

interface SeedUser {
	end_user: string;
	end_user_email: string;
	company_name: string;
	end_company_id: string;
}

const USERS: Record<string, SeedUser[]> = {
	[TENANT_IDS.tenant]: [
		user('Alex Wilber', 'alexw@contoso.com', 'Contoso', SEED_END_COMPANIES.tenant.contoso),
		user('Megan Bowen', 'meganb@contoso.com', 'Contoso', SEED_END_COMPANIES.tenant.contoso),
		user('Lee Gu', 'leeg@contoso.com', 'Contoso', SEED_END_COMPANIES.tenant.contoso),
		user('Diego Siciliani', 'diegos@fabrikam.com', 'Fabrikam', SEED_END_COMPANIES.tenant.fabrikam),
		user('Nestor Wilke', 'nestorw@fabrikam.com', 'Fabrikam', SEED_END_COMPANIES.tenant.fabrikam),
	],
	[TENANT_IDS.otherTenant]: [
		user('Peter Gibbons', 'peter@initech.com', 'Initech', SEED_END_COMPANIES.otherTenant.initech),
	],
};

function user(name: string, email: string, company: string, companyId: string): SeedUser {
	return {
		end_user: name,
		end_user_email: email,
		company_name: company,
		end_company_id: companyId,
	};
}

export const PRICE_PER_ACTIVE_USER = 4;

/** The month `offset` months before `month` (YYYY-MM). */
export function monthBefore(month: string, offset: number): string {
	const [year, mon] = month.split('-').map(Number);
	const date = new Date(Date.UTC(year, mon - 1 - offset, 1));
	return date.toISOString().slice(0, 7);
}

/** How many turns a user had in a month: 0, 1 or more, varying by month (2+ counts as active). */
function turnsOf(index: number, month: string): number {
	const m = Number(month.slice(5, 7));
	return (index * 3 + m) % 5;
}

const ticketUrl = (id: string) => `https://psa.example.com/tickets/${id}`;

/** Per user, for one month: the users with at least one turn. */
export function perUser(tenantId: string, month: string) {
	return (USERS[tenantId] ?? [])
		.map((u, index) => {
			const turns = turnsOf(index, month);
			const tickets = Array.from({ length: turns % 3 }, (_, t) => {
				const id = `${month.replace('-', '')}${index}${t}`;
				return { ticket_id: id, url: ticketUrl(id) };
			});
			return { ...u, turns, tickets_raised: tickets.length, tickets };
		})
		.filter((u) => u.turns > 0);
}

export function activeUsers(tenantId: string, month: string): number {
	return perUser(tenantId, month).filter((u) => u.turns >= 2).length;
}

export function perCompany(tenantId: string, month: string) {
	const companies = new Map<
		string,
		{
			end_company_id: string;
			company_name: string;
			active_users: number;
			tickets_raised: number;
			tickets: { ticket_id: string; url: string }[];
		}
	>();
	for (const u of perUser(tenantId, month)) {
		const c = companies.get(u.end_company_id) ?? {
			end_company_id: u.end_company_id,
			company_name: u.company_name,
			active_users: 0,
			tickets_raised: 0,
			tickets: [],
		};
		if (u.turns >= 2) c.active_users += 1;
		c.tickets_raised += u.tickets_raised;
		c.tickets.push(...u.tickets);
		companies.set(u.end_company_id, c);
	}
	return [...companies.values()];
}
