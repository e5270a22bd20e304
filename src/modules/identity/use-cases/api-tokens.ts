import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId, newSecret, sha256Hex } from '../../../platform/ids/ids.ts';
import { identityErrors } from '../identity.errors.ts';
import { tokensRepo, usersRepo } from '../identity.repo.ts';

export type CreatedApiToken = { id: string; name: string; token: string; prefix: string; createdAt: string };

/** A new API token for a user: the secret is returned once and only its hash is kept. */
export async function createApiToken(
  ctx: Context,
  options: { tenantId: string; userId: string; name?: string },
): Promise<CreatedApiToken> {
  const user = await usersRepo.byId(ctx.db, options.tenantId, options.userId);
  if (!user?.active) throw identityErrors.userNotFound();
  const name = (options.name ?? 'API token').trim();
  if (!name || name.length > 100) throw validationFailed('Token name must be 1–100 characters');
  const token = newSecret('ldk_');
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const prefix = token.slice(0, 10);
  await tokensRepo.insert(ctx.db, {
    tenant_id: options.tenantId,
    id,
    user_id: options.userId,
    name,
    token_hash: sha256Hex(token),
    prefix,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  });
  return { id, name, token, prefix, createdAt: now.toISOString() };
}

export async function revokeApiToken(
  ctx: Context,
  options: { tenantId: string; userId: string; tokenId: string },
): Promise<string> {
  const revoked = await tokensRepo.revoke(ctx.db, options.tenantId, options.userId, options.tokenId, ctx.clock.now());
  if (!revoked) throw new AppError('TOKEN_NOT_FOUND', 'Token not found');
  return revoked.token_hash;
}
