import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';

// A key whose first request never finished (the process died) may be taken over after this long.
const ABANDONED_AFTER_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

type Stored = { request_hash: string; status_code: number | null; response: unknown; created_at: Date };

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { tenantId: string; key: string } | undefined;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first response is stored per (tenant, key) and replayed; the same key
 * with another body is 422, and a key whose first request is still running is 409.
 */
export function registerIdempotency(app: FastifyInstance, options: { db: Db; clock: Clock }): void {
  const db = options.db.withTables<{
    idempotency_keys: {
      tenant_id: string;
      key: string;
      request_hash: string;
      status_code: number | null;
      response: unknown;
      created_at: Date;
    };
  }>();

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.principal) return;
    if (!KEY_PATTERN.test(key))
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 visible ASCII characters');
    const tenantId = request.principal.tenantId;
    const hash = requestHash(request);
    const now = options.clock.now();
    const inserted = await sql`insert into idempotency_keys (tenant_id, key, request_hash, created_at)
      values (${tenantId}, ${key}, ${hash}, ${now}) on conflict do nothing`.execute(db);
    if (Number(inserted.numAffectedRows ?? 0) === 1) {
      request.idempotency = { tenantId, key };
      return;
    }
    const stored = (await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst()) as Stored | undefined;
    if (!stored)
      throw new AppError(
        'IDEMPOTENCY_IN_PROGRESS',
        'A request with this Idempotency-Key is being processed; retry shortly',
      );
    if (stored.request_hash !== hash)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
    if (stored.status_code === null) {
      if (now.getTime() - new Date(stored.created_at).getTime() < ABANDONED_AFTER_MS) {
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is being processed; retry shortly',
        );
      }
      await db
        .updateTable('idempotency_keys')
        .set({ created_at: now })
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key)
        .execute();
      request.idempotency = { tenantId, key };
      return;
    }
    reply.header('idempotent-replayed', 'true');
    const body = stored.response;
    const contentType =
      stored.status_code >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8';
    return reply
      .code(stored.status_code)
      .type(contentType)
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500) {
      await db
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', held.tenantId)
        .where('key', '=', held.key)
        .execute();
      return payload;
    }
    const text =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : JSON.stringify(payload ?? null);
    await db
      .updateTable('idempotency_keys')
      .set({ status_code: reply.statusCode, response: JSON.stringify(text) })
      .where('tenant_id', '=', held.tenantId)
      .where('key', '=', held.key)
      .execute();
    return payload;
  });
}
