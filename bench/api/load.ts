// The HTTP phases against the running server, one autocannon run each (after a warm-up):
// create, queue view, ticket detail with timeline, Chinese search. Plus checks that the responses
// are what the phase claims to measure, and unloaded per-term search timings.
import { type CannonRequest, type PhaseResult, runPhase } from '../lib/autocannon.ts';
import type { CreateBody } from './bodies.ts';

export const QUEUE_PATH = '/api/v1/tickets?open=true&sort=due&limit=50';

export type LoadInput = {
  url: string;
  token: string;
  duration: number;
  warmup: number;
  connections: number;
  bodies: CreateBody[];
  ticketIds: string[];
  terms: string[];
  stage: (name: string) => void;
  /** Between the create phase and the reads: lets the server's worker catch up with the creates' events. */
  afterCreate?: () => Promise<void>;
};

export type Checks = {
  queue: { items: number; allOpen: boolean; sortedByDue: boolean };
  detail: { status: number; timelineEvents: number; comments: number };
  search: Record<string, { status: number; items: number; sequentialMs: { p50: number; max: number } }>;
};

type TicketJson = { id: string; statusCategory: string; dueAt: string | null };

async function getJson<T>(url: string, token: string): Promise<{ status: number; body: T; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as T;
  return { status: response.status, body, ms: performance.now() - started };
}

/** One-connection requests before the load: the answers are right, and each search term's unloaded time. */
export async function preflight(input: LoadInput): Promise<Checks> {
  const queue = await getJson<{ items: TicketJson[] }>(`${input.url}${QUEUE_PATH}`, input.token);
  const items = queue.body.items ?? [];
  const dues = items.map((t) => t.dueAt ?? '');
  const detailId = input.ticketIds[0] ?? '';
  const detail = await getJson<{ timeline?: { events: unknown[]; comments: unknown[] } }>(
    `${input.url}/api/v1/tickets/${detailId}?include=timeline`,
    input.token,
  );
  const search: Checks['search'] = {};
  for (const term of input.terms) {
    const times: number[] = [];
    let last = { status: 0, items: 0 };
    for (let i = 0; i < 11; i++) {
      const r = await getJson<{ items?: unknown[] }>(
        `${input.url}/api/v1/tickets?q=${encodeURIComponent(term)}&limit=50`,
        input.token,
      );
      if (i > 0) times.push(r.ms);
      last = { status: r.status, items: r.body.items?.length ?? -1 };
    }
    times.sort((a, b) => a - b);
    search[term] = {
      ...last,
      sequentialMs: {
        p50: Math.round((times[5] ?? Number.NaN) * 100) / 100,
        max: Math.round((times.at(-1) ?? Number.NaN) * 100) / 100,
      },
    };
  }
  return {
    queue: {
      items: items.length,
      allOpen: items.every((t) => ['new', 'open', 'pending'].includes(t.statusCategory)),
      sortedByDue: dues.every((d, i) => i === 0 || (dues[i - 1] ?? '') <= d),
    },
    detail: {
      status: detail.status,
      timelineEvents: detail.body.timeline?.events.length ?? -1,
      comments: detail.body.timeline?.comments.length ?? -1,
    },
    search,
  };
}

function cycling<T>(items: readonly T[], build: (item: T) => CannonRequest): (request: CannonRequest) => CannonRequest {
  let i = 0;
  return (request) => ({ ...request, ...build(items[i++ % items.length] as T) });
}

export type PhaseReport = PhaseResult & { warmup: { requests: number; non2xx: number; errors: number } };

export async function runLoad(
  input: LoadInput,
): Promise<Record<'create' | 'queue' | 'detail' | 'search', PhaseReport>> {
  const common = {
    url: input.url,
    connections: input.connections,
    duration: input.duration,
    warmup: input.warmup,
    headers: { authorization: `Bearer ${input.token}` },
  };
  const log = (name: string, r: PhaseReport) =>
    process.stdout.write(
      `  ${name}: ${r.reqPerSec} req/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms` +
        `${r.failed ? `  FAILED (non2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, warm-up non2xx ${r.warmup.non2xx}) ${r.errorSamples.join(' | ')}` : ''}\n`,
    );
  const phase = async (
    name: string,
    request: CannonRequest & { setupRequest?: (r: CannonRequest) => CannonRequest },
  ) => {
    const result = await runPhase({ ...common, name, request, onStart: (stage) => input.stage(`${name}:${stage}`) });
    log(name, result);
    return result;
  };
  const create = await phase('create', {
    method: 'POST',
    path: '/api/v1/tickets',
    headers: { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' },
    setupRequest: cycling(input.bodies, (body) => ({ body: JSON.stringify(body) })),
  });
  await input.afterCreate?.();
  const queue = await phase('queue', { method: 'GET', path: QUEUE_PATH });
  const ids = [...input.ticketIds].sort(() => Math.random() - 0.5);
  const detail = await phase('detail', {
    method: 'GET',
    setupRequest: cycling(ids, (id) => ({ path: `/api/v1/tickets/${id}?include=timeline` })),
  });
  const search = await phase('search', {
    method: 'GET',
    setupRequest: cycling(input.terms, (term) => ({ path: `/api/v1/tickets?q=${encodeURIComponent(term)}&limit=50` })),
  });
  return { create, queue, detail, search };
}
