// A typed door to autocannon (it ships no types) and one measured phase: warm-up, run, every
// response's latency recorded by us (autocannon's histogram has no p95), every status counted.
import { createRequire } from 'node:module';

export type CannonRequest = {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
};

type RequestSpec = CannonRequest & {
  setupRequest?: (request: CannonRequest) => CannonRequest;
  onResponse?: (status: number, body: string) => void;
};

type CannonOptions = {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests: RequestSpec[];
  timeout?: number;
};

type CannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
};

type CannonInstance = {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', listener: (result: CannonResult) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
};

type Autocannon = (options: CannonOptions) => CannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export type PhaseResult = {
  name: string;
  connections: number;
  seconds: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Every error class that happened; a phase with any is not a success. */
  failed: boolean;
  errorSamples: string[];
  reqPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  autocannonLatencyMs: { p50: number; p90: number; p99: number };
};

export type PhaseSpec = {
  name: string;
  url: string;
  connections: number;
  duration: number;
  warmup: number;
  headers: Record<string, string>;
  request: CannonRequest & { setupRequest?: (request: CannonRequest) => CannonRequest };
  /** Called before the warm-up and before the measured run, e.g. to mark the RSS sampler. */
  onStart?: (stage: 'warmup' | 'measure') => void;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

const round = (value: number) => Math.round(value * 100) / 100;

function fire(
  spec: PhaseSpec,
  seconds: number,
): Promise<{ result: CannonResult; latencies: number[]; samples: string[] }> {
  const latencies: number[] = [];
  const samples: string[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: spec.url,
      connections: spec.connections,
      duration: seconds,
      headers: spec.headers,
      timeout: 30,
      requests: [
        {
          ...spec.request,
          onResponse: (status, body) => {
            if ((status < 200 || status > 299) && samples.length < 5) samples.push(`${status} ${body.slice(0, 300)}`);
          },
        },
      ],
    });
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
    instance.on('error', reject);
    instance.on('done', (result) => resolve({ result, latencies, samples }));
  });
}

/** Warm-up (not counted, but its failures are reported), then the measured run. */
export async function runPhase(
  spec: PhaseSpec,
): Promise<PhaseResult & { warmup: { requests: number; non2xx: number; errors: number } }> {
  let warm = { requests: 0, non2xx: 0, errors: 0 };
  if (spec.warmup > 0) {
    spec.onStart?.('warmup');
    const { result } = await fire(spec, spec.warmup);
    warm = { requests: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts };
  }
  spec.onStart?.('measure');
  const { result, latencies, samples } = await fire(spec, spec.duration);
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats)) statusCodes[code] = stat.count;
  const ok2xx = Object.entries(statusCodes).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
  return {
    name: spec.name,
    connections: spec.connections,
    seconds: result.duration,
    requests: latencies.length,
    ok2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    failed:
      result.non2xx > 0 ||
      result.errors > 0 ||
      result.timeouts > 0 ||
      ok2xx === 0 ||
      warm.non2xx > 0 ||
      warm.errors > 0,
    errorSamples: samples,
    reqPerSec: round(ok2xx / result.duration),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? Number.NaN),
      mean: round(latencies.length ? sum / latencies.length : Number.NaN),
    },
    autocannonLatencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
    warmup: warm,
  };
}
