import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Readiness = () => Promise<boolean>;

/** /healthz (the process is up), /readyz (the database answers), /metrics (Prometheus). */
export function registerObservability(app: FastifyInstance, options: { ready: Readiness }): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'loopdesk_' });
  const duration = new Histogram({
    name: 'loopdesk_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const publicRoute = { config: { public: true }, schema: { hide: true } };
  app.get('/healthz', publicRoute, async () => ({ status: 'ok' }));
  app.get('/readyz', publicRoute, async (_request, reply) => {
    const ok = await options.ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready' });
  });
  app.get('/metrics', publicRoute, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
