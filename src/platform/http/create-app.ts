import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { Permission } from '../auth/permissions.ts';
import { hasPermission } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../log/logger.ts';
import { registerIdempotency } from './idempotency.ts';
import { isStorableText, registerJsonParser } from './json-body.ts';
import { type Readiness, registerObservability } from './observability.ts';
import { registerProblemHandlers } from './problem.ts';
import { createRateLimiter } from './rate-limit.ts';
import { schemaValidatorCompiler } from './validation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route with its method and config, for tests that walk the whole API. */
    routeList: { method: string; url: string; permission: string | null; public: boolean }[];
  }
  interface FastifyContextConfig {
    /** The permission the route needs; routes without one must say `public: true`. */
    permission?: Permission;
    public?: boolean;
  }
}

export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

export type AppOptions = {
  config: Pick<Config, 'bodyLimitBytes' | 'rateLimitPerMinute' | 'trustProxy' | 'publicUrl'>;
  logger: Logger;
  db: Db;
  clock: Clock;
  authenticate: Authenticator;
  ready: Readiness;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The HTTP app without `listen`, so tests call it in-process with `inject()`. */
export async function createHttpApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.config.bodyLimitBytes,
    trustProxy: options.config.trustProxy,
    // Per-request lines are left to /metrics and the error handler; they would double the log volume.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false } },
  });
  const routeList: FastifyInstance['routeList'] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    // The browsable API docs are the one public tree; everything else names a permission or says public.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), public: true };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeList.push({
        method,
        url: route.url,
        permission: route.config?.permission ?? null,
        public: route.config?.public === true,
      });
    }
  });
  app.setValidatorCompiler(schemaValidatorCompiler());
  registerJsonParser(app);
  registerProblemHandlers(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loopdesk API',
        version: '1',
        description:
          'Service work orders: tickets, customers, identity. Errors are application/problem+json with a stable `code`.',
      },
      servers: options.config.publicUrl ? [{ url: options.config.publicUrl }] : [],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token from `loopdesk token create` or POST /api/v1/tokens',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'loopdesk_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  app.decorateRequest('principal', null);
  const limiter = createRateLimiter(options.config.rateLimitPerMinute);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    const config = request.routeOptions.config;
    if (!request.routeOptions.url || config.public) return;
    const principal = await options.authenticate(request);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Log in, or send Authorization: Bearer <token>');
    request.principal = principal;
    const verdict = limiter.hit(`${principal.tenantId}:${principal.userId}`, Date.now());
    reply.header('ratelimit-remaining', String(Number.isFinite(verdict.remaining) ? verdict.remaining : 1_000_000));
    if (!verdict.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many requests; slow down', {
        details: { retryAfterSeconds: verdict.retryAfterSeconds },
      });
    }
    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) checkCsrf(request, principal);
    if (!config.permission) throw new AppError('FORBIDDEN', 'This route has no permission set');
    if (!hasPermission(principal.role, config.permission)) {
      request.log.warn(
        { tenantId: principal.tenantId, userId: principal.userId, permission: config.permission },
        'permission denied',
      );
      throw new AppError('FORBIDDEN', 'Your role does not allow this');
    }
  });

  // Query strings and path parameters reach SQL as text: PostgreSQL text holds no NUL, and a lone
  // surrogate would be stored as U+FFFD. Refuse both, as the JSON parser does for bodies.
  app.addHook('preValidation', async (request) => {
    for (const part of [request.query, request.params]) {
      if (part && typeof part === 'object' && hasInvalidText(Object.values(part))) {
        throw new AppError('INVALID_TEXT', 'The URL contains a NUL character or an unpaired surrogate');
      }
    }
  });

  registerIdempotency(app, { db: options.db, clock: options.clock });
  registerObservability(app, { ready: options.ready });
  return app;
}

function hasInvalidText(values: unknown[]): boolean {
  return values.some((value) =>
    Array.isArray(value) ? hasInvalidText(value) : typeof value === 'string' && !isStorableText(value),
  );
}

// Cookie sessions must prove the request came from our page: the CSRF token it was given, and a matching Origin.
function checkCsrf(request: FastifyRequest, principal: Principal): void {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    const host = request.headers.host;
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) throw new AppError('CSRF_REJECTED', 'Cross-origin request refused');
  }
  const token = request.headers['x-csrf-token'];
  if (typeof token !== 'string' || token !== principal.csrfToken) {
    throw new AppError('CSRF_REJECTED', 'Missing or wrong X-CSRF-Token header');
  }
}
