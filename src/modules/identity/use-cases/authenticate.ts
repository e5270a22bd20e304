import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Context } from '../../../platform/db/context.ts';
import { sha256Hex } from '../../../platform/ids/ids.ts';
import { sessionsRepo, tokensRepo } from '../identity.repo.ts';

export const SESSION_COOKIE = 'loopdesk_session';
// Token lookups are cached briefly: a revocation in this process clears the entry at once,
// one in another process takes effect within this time.
const TOKEN_CACHE_MS = 10_000;

export type Authenticator = ((request: FastifyRequest) => Promise<Principal | null>) & {
  forget(tokenHash: string): void;
  /** Drops every cached token of a user whose role or access changed. */
  forgetUser(tenantId: string, userId: string): void;
};

export function createAuthenticator(ctx: Context): Authenticator {
  const cache = new Map<string, { principal: Principal; until: number }>();
  const authenticate = async (request: FastifyRequest): Promise<Principal | null> => {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
      if (!match?.[1]) return null;
      const tokenHash = sha256Hex(match[1]);
      const cached = cache.get(tokenHash);
      const now = Date.now();
      if (cached && cached.until > now) return cached.principal;
      const row = await tokensRepo.principalByHash(ctx.db, tokenHash);
      if (!row) return null;
      const principal: Principal = {
        tenantId: row.tenant_id,
        userId: row.user_id,
        role: row.role,
        via: 'token',
        csrfToken: null,
      };
      if (cache.size > 10_000) cache.clear();
      cache.set(tokenHash, { principal, until: now + TOKEN_CACHE_MS });
      return principal;
    }
    const secret = request.cookies?.[SESSION_COOKIE];
    if (!secret) return null;
    const row = await sessionsRepo.principalByHash(ctx.db, sha256Hex(secret), ctx.clock.now());
    if (!row) return null;
    return { tenantId: row.tenant_id, userId: row.user_id, role: row.role, via: 'session', csrfToken: row.csrf_token };
  };
  return Object.assign(authenticate, {
    forget: (tokenHash: string) => {
      cache.delete(tokenHash);
    },
    forgetUser: (tenantId: string, userId: string) => {
      for (const [hash, entry] of cache) {
        if (entry.principal.tenantId === tenantId && entry.principal.userId === userId) cache.delete(hash);
      }
    },
  });
}
