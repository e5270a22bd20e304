import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { identityErrors } from '../identity.errors.ts';
import { type TeamRow, teamsRepo, usersRepo } from '../identity.repo.ts';

async function checkMembers(ctx: Context, tenantId: string, userIds: string[]): Promise<void> {
  for (const userId of new Set(userIds)) {
    if (!(await usersRepo.byId(ctx.db, tenantId, userId))) {
      throw validationFailed(`User ${userId} not found`, [{ path: '/memberIds', message: `user ${userId} not found` }]);
    }
  }
}

export async function createTeam(
  ctx: Context,
  options: { tenantId: string; name: string; memberIds?: string[] },
): Promise<TeamRow> {
  const name = options.name.trim();
  if (!name) throw validationFailed('Team name is required', [{ path: '/name', message: 'is required' }]);
  const existing = await teamsRepo.list(ctx.db, options.tenantId);
  if (existing.some((team) => team.name === name))
    throw new AppError('TEAM_NAME_CONFLICT', `A team named ${name} already exists`);
  const now = ctx.clock.now();
  const row: TeamRow = { tenant_id: options.tenantId, id: newId(now.getTime()), name, created_at: now };
  await teamsRepo.insert(ctx.db, row);
  if (options.memberIds?.length) {
    await checkMembers(ctx, options.tenantId, options.memberIds);
    await teamsRepo.setMembers(ctx.db, options.tenantId, row.id, [...new Set(options.memberIds)]);
  }
  return row;
}

export async function updateTeam(
  ctx: Context,
  options: { tenantId: string; teamId: string; name?: string; memberIds?: string[] },
): Promise<TeamRow> {
  const team = await teamsRepo.byId(ctx.db, options.tenantId, options.teamId);
  if (!team) throw identityErrors.teamNotFound();
  if (options.name !== undefined) {
    const name = options.name.trim();
    if (!name) throw validationFailed('Team name is required', [{ path: '/name', message: 'is required' }]);
    await teamsRepo.rename(ctx.db, options.tenantId, options.teamId, name);
    team.name = name;
  }
  if (options.memberIds) {
    await checkMembers(ctx, options.tenantId, options.memberIds);
    await teamsRepo.setMembers(ctx.db, options.tenantId, options.teamId, [...new Set(options.memberIds)]);
  }
  return team;
}

export async function listTeams(ctx: Context, tenantId: string): Promise<{ team: TeamRow; memberIds: string[] }[]> {
  const [teams, members] = await Promise.all([teamsRepo.list(ctx.db, tenantId), teamsRepo.members(ctx.db, tenantId)]);
  return teams.map((team) => ({ team, memberIds: members.filter((m) => m.team_id === team.id).map((m) => m.user_id) }));
}
