import { hashPassword, passwordProblem } from '../../../platform/auth/passwords.ts';
import type { Role } from '../../../platform/auth/principal.ts';
import type { Context } from '../../../platform/db/context.ts';
import { validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { identityErrors } from '../identity.errors.ts';
import { type UserRow, usersRepo } from '../identity.repo.ts';

export type CreateUserOptions = { tenantId: string; email: string; name: string; role: Role; password?: string | null };

export function normaliseLoginEmail(email: string): string {
  const value = email.normalize('NFKC').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) || value.length > 254) {
    throw validationFailed('Not an e-mail address', [{ path: '/email', message: 'is not an e-mail address' }]);
  }
  return value;
}

export async function createUser(ctx: Context, options: CreateUserOptions): Promise<UserRow> {
  const email = normaliseLoginEmail(options.email);
  const name = options.name.trim();
  if (!name) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
  if (options.password) {
    const problem = passwordProblem(options.password);
    if (problem) throw validationFailed(`Password ${problem}`, [{ path: '/password', message: problem }]);
  }
  if (await usersRepo.byEmail(ctx.db, options.tenantId, email)) throw identityErrors.emailTaken(email);
  const now = ctx.clock.now();
  const row: UserRow = {
    tenant_id: options.tenantId,
    id: newId(now.getTime()),
    email,
    name,
    role: options.role,
    password_hash: options.password ? await hashPassword(options.password) : null,
    active: true,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await usersRepo.insert(ctx.db, row);
  return row;
}
