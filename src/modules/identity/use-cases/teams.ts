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
  options: { tenantId: string; name: string; tier?: number | null; memberIds?: string[] },
): Promise<TeamRow> {
  const name = options.name.trim();
  if (!name) throw validationFailed('Team name is required', [{ path: '/name', message: 'is required' }]);
  const existing = await teamsRepo.list(ctx.db, options.tenantId);
  if (existing.some((team) => team.name === name))
    throw new AppError('TEAM_NAME_CONFLICT', `A team named ${name} already exists`);
  const now = ctx.clock.now();
  const row: TeamRow = {
    tenant_id: options.tenantId,
    id: newId(now.getTime()),
    name,
    tier: options.tier ?? null,
    created_at: now,
    version: 1,
  };
  await teamsRepo.insert(ctx.db, row);
  if (options.memberIds?.length) {
    await checkMembers(ctx, options.tenantId, options.memberIds);
    await teamsRepo.setMembers(ctx.db, options.tenantId, row.id, [...new Set(options.memberIds)]);
  }
  return row;
}

/** Renames a team and/or replaces its members, if nobody changed it since `expectedVersion`. */
export async function updateTeam(
  ctx: Context,
  options: {
    tenantId: string;
    teamId: string;
    expectedVersion: number;
    name?: string;
    tier?: number | null;
    memberIds?: string[];
  },
): Promise<TeamRow> {
  const team = await teamsRepo.byId(ctx.db, options.tenantId, options.teamId);
  if (!team) throw identityErrors.teamNotFound();
  const name = options.name?.trim() ?? team.name;
  if (!name) throw validationFailed('Team name is required', [{ path: '/name', message: 'is required' }]);
  if (name !== team.name && (await teamsRepo.list(ctx.db, options.tenantId)).some((other) => other.name === name)) {
    throw new AppError('TEAM_NAME_CONFLICT', `A team named ${name} already exists`);
  }
  const tier = options.tier === undefined ? (team.tier ?? null) : options.tier;
  const updated = await teamsRepo.update(ctx.db, options.tenantId, options.teamId, options.expectedVersion, name, tier);
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The team was changed by someone else; reload');
  if (options.memberIds) {
    await checkMembers(ctx, options.tenantId, options.memberIds);
    await teamsRepo.setMembers(ctx.db, options.tenantId, options.teamId, [...new Set(options.memberIds)]);
  }
  return updated;
}

export async function getTeam(
  ctx: Context,
  tenantId: string,
  teamId: string,
): Promise<{ team: TeamRow; memberIds: string[] }> {
  const found = (await listTeams(ctx, tenantId)).find(({ team }) => team.id === teamId);
  if (!found) throw identityErrors.teamNotFound();
  return found;
}

export async function listTeams(ctx: Context, tenantId: string): Promise<{ team: TeamRow; memberIds: string[] }[]> {
  const [teams, members] = await Promise.all([teamsRepo.list(ctx.db, tenantId), teamsRepo.members(ctx.db, tenantId)]);
  return teams.map((team) => ({ team, memberIds: members.filter((m) => m.team_id === team.id).map((m) => m.user_id) }));
}
