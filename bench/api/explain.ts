// EXPLAIN (ANALYZE, BUFFERS) of the statements the app sends for the queue view, a detail with its
// timeline and a search: captured from the use cases themselves (find-tickets.ts, get-ticket.ts),
// then run against the seeded database with the same parameters.
import { type Actor, findTickets, getTimeline } from '../../src/modules/tickets/index.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import { toTsquery } from '../../src/platform/search/index.ts';
import { type Captured, capturingDb } from '../lib/capture-sql.ts';
import type { Sink } from './target.ts';

export type Plan = { label: string; sql: string; parameters: unknown[]; executionMs: number | null; plan: string[] };

function shortParameters(parameters: unknown[]): unknown[] {
  return parameters.map((p) => (typeof p === 'string' && p.length > 200 ? `${p.slice(0, 200)}…` : p));
}

async function explain(sink: Sink, label: string, query: Captured): Promise<Plan> {
  const rows = await sink.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.parameters);
  const plan = rows.map((r) => r['QUERY PLAN']);
  const time = /Execution Time: ([\d.]+) ms/.exec(plan.at(-1) ?? '');
  return {
    label,
    sql: query.sql,
    parameters: shortParameters(query.parameters),
    executionMs: time ? Number(time[1]) : null,
    plan,
  };
}

export async function explainQueries(
  sink: Sink,
  input: { tenantId: string; adminId: string; ticketId: string; terms: string[] },
): Promise<{ plans: Plan[]; termMatches: Record<string, number> }> {
  const actor: Actor = {
    type: 'user',
    principal: { tenantId: input.tenantId, userId: input.adminId, role: 'admin', via: 'token', csrfToken: null },
  };
  const plans: Plan[] = [];

  const queue = capturingDb(() => []);
  await findTickets({ db: queue.db, clock: systemClock }, input.tenantId, actor, {
    open: true,
    sort: 'due',
    limit: 50,
  });
  for (const q of queue.captured) plans.push(await explain(sink, 'queue: open tickets by due, limit 50', q));

  // Answer the captured statement with the real ticket so the use case completes.
  const [ticket] = await sink.query<Record<string, unknown>>('select * from tickets where tenant_id = $1 and id = $2', [
    input.tenantId,
    input.ticketId,
  ]);
  let first = true;
  const detail = capturingDb(() => {
    // The detail is one statement: the ticket row with its timeline as JSON arrays (empty here).
    const timeline = { events: [], comments: [], attachments: [], links: [], merged_from: [] };
    const rows = first && ticket ? [{ ...ticket, ...timeline }] : [];
    first = false;
    return rows;
  });
  await getTimeline({ db: detail.db, clock: systemClock }, input.tenantId, input.ticketId, actor);
  for (const [i, q] of detail.captured.entries())
    plans.push(await explain(sink, `detail ${i + 1}/${detail.captured.length}`, q));

  const termMatches: Record<string, number> = {};
  for (const term of input.terms) {
    const tsquery = toTsquery(term);
    const [count] = tsquery
      ? await sink.query<{ n: number }>(
          'select count(*)::int as n from tickets where tenant_id = $1 and search @@ $2::tsquery',
          [input.tenantId, tsquery],
        )
      : [];
    termMatches[term] = count?.n ?? 0;
    const search = capturingDb(() => []);
    await findTickets({ db: search.db, clock: systemClock }, input.tenantId, actor, { q: term, limit: 50 });
    for (const q of search.captured)
      plans.push(await explain(sink, `search "${term}" (${termMatches[term]} matches)`, q));
  }
  return { plans, termMatches };
}
