import { hashPassword, passwordProblem } from '../../../platform/auth/passwords.ts';
import type { Role } from '../../../platform/auth/principal.ts';
import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { identityErrors } from '../identity.errors.ts';
import { sessionsRepo, type UserRow, usersRepo } from '../identity.repo.ts';

export type UpdateUserOptions = {
  tenantId: string;
  userId: string;
  expectedVersion: number;
  changes: { name?: string; role?: Role; active?: boolean; password?: string };
};

export async function updateUser(ctx: Context, options: UpdateUserOptions): Promise<UserRow> {
  const current = await usersRepo.byId(ctx.db, options.tenantId, options.userId);
  if (!current) throw identityErrors.userNotFound();
  if (current.version !== options.expectedVersion)
    throw new AppError('VERSION_MISMATCH', 'The user was changed by someone else; reload');
  const { name, role, active, password } = options.changes;
  const changes: Parameters<typeof usersRepo.update>[4] = { updated_at: ctx.clock.now() };
  if (name !== undefined) {
    if (!name.trim()) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
    changes.name = name.trim();
  }
  if (role !== undefined) changes.role = role;
  if (active !== undefined) changes.active = active;
  if (password !== undefined) {
    const problem = passwordProblem(password);
    if (problem) throw validationFailed(`Password ${problem}`, [{ path: '/password', message: problem }]);
    changes.password_hash = await hashPassword(password);
  }
  const updated = await usersRepo.update(ctx.db, options.tenantId, options.userId, options.expectedVersion, changes);
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The user was changed by someone else; reload');
  // A new password or a deactivation ends every open session of that user.
  if (password !== undefined || active === false)
    await sessionsRepo.deleteForUser(ctx.db, options.tenantId, options.userId);
  return updated;
}
