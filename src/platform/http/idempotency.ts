import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';

// A key whose first request never finished (the process died) may be taken over after this long.
const ABANDONED_AFTER_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

type Scope = { tenantId: string; userId: string; key: string };
type Row = Scope & { request_hash: string; status_code: number | null; response: unknown; created_at: Date };
type Tables = {
  idempotency_keys: {
    tenant_id: string;
    user_id: string;
    key: string;
    request_hash: string;
    status_code: number | null;
    response: unknown;
    created_at: Date;
  };
};

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: Scope | undefined;
  }
  interface FastifyContextConfig {
    /** false: the route ignores Idempotency-Key (its response holds a secret that must not be stored). */
    idempotency?: boolean;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first response is stored per (tenant, user, key) and replayed; the same key
 * with another body is 422, and a key whose first request is still running is 409.
 */
export function registerIdempotency(app: FastifyInstance, options: { db: Db; clock: Clock }): void {
  const db = options.db.withTables<Tables>();
  const where = (scope: Scope) =>
    db
      .selectFrom('idempotency_keys')
      .where('tenant_id', '=', scope.tenantId)
      .where('user_id', '=', scope.userId)
      .where('key', '=', scope.key);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.principal) return;
    if (request.routeOptions.config.idempotency === false) return;
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 visible ASCII characters');
    }
    const scope: Scope = { tenantId: request.principal.tenantId, userId: request.principal.userId, key };
    const hash = requestHash(request);
    const now = options.clock.now();
    const inserted = await sql`insert into idempotency_keys (tenant_id, user_id, key, request_hash, created_at)
      values (${scope.tenantId}, ${scope.userId}, ${key}, ${hash}, ${now}) on conflict do nothing`.execute(db);
    if (Number(inserted.numAffectedRows ?? 0) === 1) {
      request.idempotency = scope;
      return;
    }
    const stored = (await where(scope).selectAll().executeTakeFirst()) as Row | undefined;
    if (!stored)
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is being processed');
    if (stored.request_hash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    }
    if (stored.status_code === null) {
      if (now.getTime() - new Date(stored.created_at).getTime() < ABANDONED_AFTER_MS) {
        throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is being processed');
      }
      await db
        .updateTable('idempotency_keys')
        .set({ created_at: now })
        .where('tenant_id', '=', scope.tenantId)
        .where('user_id', '=', scope.userId)
        .where('key', '=', key)
        .execute();
      request.idempotency = scope;
      return;
    }
    reply.header('idempotent-replayed', 'true');
    const body = stored.response;
    const type = stored.status_code >= 400 ? 'application/problem+json' : 'application/json';
    return reply
      .code(stored.status_code)
      .type(`${type}; charset=utf-8`)
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const scope = request.idempotency;
    if (!scope) return payload;
    request.idempotency = undefined;
    const rows = db
      .updateTable('idempotency_keys')
      .where('tenant_id', '=', scope.tenantId)
      .where('user_id', '=', scope.userId)
      .where('key', '=', scope.key);
    if (reply.statusCode >= 500) {
      await db
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', scope.tenantId)
        .where('user_id', '=', scope.userId)
        .where('key', '=', scope.key)
        .execute();
      return payload;
    }
    const text =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : JSON.stringify(payload ?? null);
    await rows.set({ status_code: reply.statusCode, response: JSON.stringify(text) }).execute();
    return payload;
  });
}
