import type { IDataObject } from 'n8n-workflow';

import { withoutEmpty } from '../../helpers/parameters';
import { neoPath, type NeoFailure } from '../../transport';
import type { NeoClient } from '../../transport/client';
import { fetchList } from '../../transport/paginate';
import { backoffDelay, mayHaveActed } from '../../transport/retryPolicy';
import { waitUnlessCancelled } from '../../transport/wait';

/** Neo's clock and n8n's may differ: a run created this long before the send still counts. */
const CLOCK_SKEW_MS = 30_000;

/** Runs already taken by an item of this node run, so two items never take the same run. */
const claimedRuns = new WeakMap<NeoClient, Set<string>>();

export type StartResult =
	/** `reconciled`: the failure after which the run was found instead of started again. */
	{ ok: true; run: IDataObject; reconciled?: string } | { ok: false; failure: NeoFailure };

/**
 * POST …/run-now, at least once and, as far as Neo lets anyone tell, at most once. Neo says a
 * retried 5xx can start a second run, so after a failure Neo may have acted on (5xx, reset,
 * timeout) the call is never simply re-sent: the node first lists the agent's runs on that entity
 * since the first send. A run found there is this item's run (output with `reconciled: true`);
 * only when none is found is the call sent again, up to Max Retries. 429s and connections that
 * never reached Neo are retried by the client as for every request.
 */
export async function startRun(
	client: NeoClient,
	agentId: number,
	targetEntityId: string | undefined,
): Promise<StartResult> {
	const claimed = claimedRuns.get(client) ?? new Set<string>();
	claimedRuns.set(client, claimed);
	const request = {
		method: 'POST' as const,
		path: neoPath('/public-api/agents/{agent_id}/run-now', { agent_id: agentId }),
		body: withoutEmpty({ target_entity_id: targetEntityId }),
		reconciledByCaller: true,
		// Neo's page shows the bare {execution_id, status}; the envelope around it is assumed.
		acceptBareData: true,
	};
	const since = Date.now() - CLOCK_SKEW_MS;
	for (let attempt = 0; ; attempt++) {
		const sent = await client.send(request);
		if (sent.ok) {
			const data = sent.value.data;
			const run = Array.isArray(data) ? (data[0] ?? {}) : data;
			claimed.add(String(run.execution_id));
			return { ok: true, run };
		}
		const failure = { ...sent.failure, mayHaveActedBefore: attempt > 0 || undefined };
		if (!mayHaveActed(failure)) return { ok: false, failure };
		if (!(await waitUnlessCancelled(backoffDelay(attempt), client.cancelled))) {
			return { ok: false, failure: { ...failure, mayHaveActedBefore: true } };
		}
		const found = await findStartedRun(client, agentId, targetEntityId, since, claimed);
		if (!found.ok) {
			const why = `${found.failure.code}: ${found.failure.message}`;
			return {
				ok: false,
				failure: {
					...failure,
					mayHaveActedBefore: true,
					message: `${failure.message}. Looking for the run it may have started failed too (${why}), so it was not sent again: check the agent's runs in Neo before running this item again.`,
				},
			};
		}
		if (found.run) {
			claimed.add(String(found.run.execution_id));
			const status = failure.httpStatus === undefined ? '' : `${failure.httpStatus} `;
			return { ok: true, run: found.run, reconciled: `${status}${failure.code}` };
		}
		if (attempt >= client.maxRetries) {
			return {
				ok: false,
				failure: {
					...failure,
					message: `${failure.message}. No run of agent ${agentId}${targetEntityId === undefined ? '' : ` on ${targetEntityId}`} had started when the node looked, and Max Retries allows no further attempt.`,
				},
			};
		}
	}
}

/** The earliest run of the agent (on the entity) created since `since` and not taken yet. */
async function findStartedRun(
	client: NeoClient,
	agentId: number,
	targetEntityId: string | undefined,
	since: number,
	claimed: Set<string>,
): Promise<{ ok: true; run?: IDataObject } | { ok: false; failure: NeoFailure }> {
	const fits = (row: IDataObject) =>
		Date.parse(String(row.created_at)) >= since &&
		!claimed.has(String(row.execution_id)) &&
		String(row.agent_id) === String(agentId) &&
		(targetEntityId === undefined || String(row.entity_id) === targetEntityId);
	// No stop on age: Neo's newest-first order is assumed, and a missed run would mean a duplicate.
	const listed = await fetchList(
		client,
		{
			method: 'GET',
			path: '/public-api/executions',
			query: withoutEmpty({ agent_id: agentId, entity_id: targetEntityId }),
		},
		{ returnAll: true, limit: 0, style: 'cursor', keep: fits },
	);
	if (!listed.ok) return listed;
	const earliest = listed.records.sort(
		(a, b) => Date.parse(String(a.created_at)) - Date.parse(String(b.created_at)),
	)[0];
	return { ok: true, run: earliest };
}
