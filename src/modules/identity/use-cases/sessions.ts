import { verifyPassword } from '../../../platform/auth/passwords.ts';
import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { newSecret, sha256Hex } from '../../../platform/ids/ids.ts';
import { sessionsRepo, tenantsRepo, type UserRow, usersRepo } from '../identity.repo.ts';

const SESSION_DAYS = 7;

export type LoginResult = { sessionSecret: string; csrfToken: string; user: UserRow; expiresAt: Date };

/**
 * Checks e-mail and password and opens a new session (a fresh id at every login, so a planted cookie is useless).
 * With several tenants holding the same e-mail, the tenant slug decides.
 */
export async function login(
  ctx: Context,
  options: { email: string; password: string; tenant?: string },
): Promise<LoginResult> {
  const email = options.email.normalize('NFKC').trim().toLowerCase();
  let user: UserRow | undefined;
  if (options.tenant) {
    const tenant = await tenantsRepo.bySlug(ctx.db, options.tenant);
    user = tenant ? await usersRepo.byEmail(ctx.db, tenant.id, email) : undefined;
  } else {
    const matches = await usersRepo.byEmailInAnyTenant(ctx.db, email);
    user = matches.length === 1 ? matches[0] : undefined;
  }
  const ok = await verifyPassword(user?.active ? user.password_hash : null, options.password);
  if (!ok || !user) throw new AppError('INVALID_CREDENTIALS', 'E-mail or password is wrong');
  const sessionSecret = newSecret();
  const csrfToken = newSecret();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await sessionsRepo.insert(ctx.db, {
    id_hash: sha256Hex(sessionSecret),
    tenant_id: user.tenant_id,
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: expiresAt,
  });
  return { sessionSecret, csrfToken, user, expiresAt };
}

export async function logout(ctx: Context, sessionSecret: string): Promise<void> {
  await sessionsRepo.delete(ctx.db, sha256Hex(sessionSecret));
}
