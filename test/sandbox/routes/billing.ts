// GET /public-api/billing/end-user-teams-usage and GET /public-api/billing/end-user-teams/detail:
// what Neo charges an MSP for its clients' end users in Teams (end users with 2+ messages a month).
import type { Route } from '../http';
import {
	activeUsers,
	monthBefore,
	perCompany,
	perUser,
	PRICE_PER_ACTIVE_USER,
} from '../store/billing';

const currentMonth = (now: Date) => now.toISOString().slice(0, 7);

export const getTeamsUsage: Route = ({ caller, query, now }) => {
	const month = (query.month as string | undefined) ?? currentMonth(now);
	const users = activeUsers(caller.tenantId, month);
	return {
		status: 200,
		data: {
			month,
			active_users: users,
			charge: users * PRICE_PER_ACTIVE_USER,
			currency: 'USD',
			trial_end_date: null,
		},
	};
};

export const getTeamsUsageDetail: Route = ({ caller, query, now }) => {
	const month = (query.month as string | undefined) ?? currentMonth(now);
	const months = (query.months as number | undefined) ?? 6;
	const companies = perCompany(caller.tenantId, month);
	return {
		status: 200,
		data: {
			monthly_active_users: Array.from({ length: months }, (_, i) => {
				const m = monthBefore(month, months - 1 - i);
				return { month: m, active_users: activeUsers(caller.tenantId, m) };
			}),
			per_company: companies,
			per_user: perUser(caller.tenantId, month),
			tickets_raised: companies.reduce((sum, c) => sum + c.tickets_raised, 0),
		},
	};
};
