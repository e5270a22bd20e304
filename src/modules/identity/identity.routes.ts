import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { etagFor, versionFromIfMatch } from '../../platform/http/etag.ts';
import { principalOf } from '../../platform/http/principal.ts';
import { createRateLimiter } from '../../platform/http/rate-limit.ts';
import * as contract from './identity.contract.ts';
import { identityErrors } from './identity.errors.ts';
import { tenantsRepo, tokensRepo, usersRepo } from './identity.repo.ts';
import { teamView, userView } from './identity.views.ts';
import { createApiToken, revokeApiToken } from './use-cases/api-tokens.ts';
import { type Authenticator, SESSION_COOKIE } from './use-cases/authenticate.ts';
import { createUser } from './use-cases/create-user.ts';
import { login, logout } from './use-cases/sessions.ts';
import { createTeam, getTeam, listTeams, updateTeam } from './use-cases/teams.ts';
import { updateUser } from './use-cases/update-user.ts';

type Options = { ctx: Context; authenticator: Authenticator; secureCookies: boolean; loginAttemptsPerMinute: number };

export function registerIdentityRoutes(
  app: FastifyInstance,
  { ctx, authenticator, secureCookies, loginAttemptsPerMinute }: Options,
): void {
  const loginLimiter = createRateLimiter(loginAttemptsPerMinute);
  const tags = ['identity'];

  app.post<{ Body: Static<typeof contract.LoginBody> }>(
    '/api/v1/auth/login',
    { config: { public: true }, schema: { tags, body: contract.LoginBody, response: { 200: contract.LoginResponse } } },
    async (request, reply) => {
      // Keyed on the e-mail as login() reads it, so respelling it (case, spaces, full-width) opens no new bucket.
      const bucket = `${request.ip}:${request.body.email.normalize('NFKC').trim().toLowerCase()}`;
      const verdict = loginLimiter.hit(bucket, Date.now());
      if (!verdict.allowed)
        throw new AppError('RATE_LIMITED', 'Too many login attempts; wait a minute', {
          details: { retryAfterSeconds: verdict.retryAfterSeconds },
        });
      const result = await login(ctx, request.body);
      const tenant = await tenantsRepo.byId(ctx.db, result.user.tenant_id);
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        path: '/',
        expires: result.expiresAt,
      });
      return {
        user: userView(result.user),
        csrfToken: result.csrfToken,
        tenant: { id: tenant?.id ?? '', slug: tenant?.slug ?? '', name: tenant?.name ?? '' },
      };
    },
  );

  app.post('/api/v1/auth/logout', { config: { permission: 'self:read' }, schema: { tags } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await logout(ctx, secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', { config: { permission: 'self:read' }, schema: { tags } }, async (request) => {
    const principal = principalOf(request);
    const user = await usersRepo.byId(ctx.db, principal.tenantId, principal.userId);
    if (!user) throw identityErrors.userNotFound();
    const tenant = await tenantsRepo.byId(ctx.db, principal.tenantId);
    return {
      user: userView(user),
      tenant: { id: tenant?.id, slug: tenant?.slug, name: tenant?.name },
      csrfToken: principal.csrfToken,
    };
  });

  app.post<{ Body: Static<typeof contract.ChangePasswordBody> }>(
    '/api/v1/auth/password',
    { config: { permission: 'self:read' }, schema: { tags, body: contract.ChangePasswordBody } },
    async (request, reply) => {
      const principal = principalOf(request);
      const user = await usersRepo.byId(ctx.db, principal.tenantId, principal.userId);
      if (!user || !(await verifyPassword(user.password_hash, request.body.currentPassword))) {
        throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
      }
      await updateUser(ctx, {
        tenantId: principal.tenantId,
        userId: user.id,
        expectedVersion: user.version,
        changes: { password: request.body.newPassword },
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'directory:read' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.User) }) } },
    },
    async (request) => {
      const principal = principalOf(request);
      return { items: (await usersRepo.list(ctx.db, principal.tenantId)).map(userView) };
    },
  );

  app.post<{ Body: Static<typeof contract.CreateUserBody> }>(
    '/api/v1/users',
    {
      config: { permission: 'users:manage' },
      schema: { tags, body: contract.CreateUserBody, response: { 201: contract.User } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const user = await inTransaction(ctx, (tx) => createUser(tx, { tenantId: principal.tenantId, ...request.body }));
      return reply.code(201).header('etag', etagFor(user.id, user.version)).send(userView(user));
    },
  );

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/users/:id',
    {
      config: { permission: 'directory:read' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.User } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const user = await usersRepo.byId(ctx.db, principal.tenantId, request.params.id);
      if (!user) throw identityErrors.userNotFound();
      return reply.header('etag', etagFor(user.id, user.version)).send(userView(user));
    },
  );

  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.UpdateUserBody> }>(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: { tags, params: contract.IdParams, body: contract.UpdateUserBody, response: { 200: contract.User } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      const user = await inTransaction(ctx, (tx) =>
        updateUser(tx, {
          tenantId: principal.tenantId,
          userId: request.params.id,
          expectedVersion,
          changes: request.body,
        }),
      );
      // A role change or a deactivation holds from the next request, cached tokens included.
      authenticator.forgetUser(principal.tenantId, user.id);
      return reply.header('etag', etagFor(user.id, user.version)).send(userView(user));
    },
  );

  app.get(
    '/api/v1/teams',
    {
      config: { permission: 'directory:read' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.Team) }) } },
    },
    async (request) => {
      const principal = principalOf(request);
      return {
        items: (await listTeams(ctx, principal.tenantId)).map(({ team, memberIds }) => teamView(team, memberIds)),
      };
    },
  );

  app.post<{ Body: Static<typeof contract.CreateTeamBody> }>(
    '/api/v1/teams',
    {
      config: { permission: 'teams:manage' },
      schema: { tags, body: contract.CreateTeamBody, response: { 201: contract.Team } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const team = await inTransaction(ctx, (tx) => createTeam(tx, { tenantId: principal.tenantId, ...request.body }));
      return reply
        .code(201)
        .header('etag', etagFor(team.id, team.version))
        .send(teamView(team, request.body.memberIds ?? []));
    },
  );

  app.get<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/teams/:id',
    {
      config: { permission: 'directory:read' },
      schema: { tags, params: contract.IdParams, response: { 200: contract.Team } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { team, memberIds } = await getTeam(ctx, principal.tenantId, request.params.id);
      return reply.header('etag', etagFor(team.id, team.version)).send(teamView(team, memberIds));
    },
  );

  app.patch<{ Params: Static<typeof contract.IdParams>; Body: Static<typeof contract.UpdateTeamBody> }>(
    '/api/v1/teams/:id',
    {
      config: { permission: 'teams:manage' },
      schema: { tags, params: contract.IdParams, body: contract.UpdateTeamBody, response: { 200: contract.Team } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const expectedVersion = versionFromIfMatch(request.headers['if-match'], request.params.id);
      await inTransaction(ctx, (tx) =>
        updateTeam(tx, { tenantId: principal.tenantId, teamId: request.params.id, expectedVersion, ...request.body }),
      );
      const { team, memberIds } = await getTeam(ctx, principal.tenantId, request.params.id);
      return reply.header('etag', etagFor(team.id, team.version)).send(teamView(team, memberIds));
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { permission: 'tokens:manage' },
      schema: { tags, response: { 200: Type.Object({ items: Type.Array(contract.TokenSummary) }) } },
    },
    async (request) => {
      const principal = principalOf(request);
      const rows = await tokensRepo.listForUser(ctx.db, principal.tenantId, principal.userId);
      const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          prefix: r.prefix,
          createdAt: new Date(r.created_at).toISOString(),
          lastUsedAt: iso(r.last_used_at),
          revokedAt: iso(r.revoked_at),
        })),
      };
    },
  );

  app.post<{ Body: Static<typeof contract.CreateTokenBody> }>(
    '/api/v1/tokens',
    {
      // The response holds the secret: it is never stored for an Idempotency-Key replay.
      config: { permission: 'tokens:manage', idempotency: false },
      schema: { tags, body: contract.CreateTokenBody, response: { 201: contract.CreatedToken } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const token = await createApiToken(ctx, {
        tenantId: principal.tenantId,
        userId: principal.userId,
        ...(request.body?.name ? { name: request.body.name } : {}),
      });
      return reply.code(201).header('cache-control', 'no-store').send(token);
    },
  );

  app.delete<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/tokens/:id',
    { config: { permission: 'tokens:manage' }, schema: { tags, params: contract.IdParams } },
    async (request, reply) => {
      const principal = principalOf(request);
      const hash = await revokeApiToken(ctx, {
        tenantId: principal.tenantId,
        userId: principal.userId,
        tokenId: request.params.id,
      });
      authenticator.forget(hash);
      return reply.code(204).send();
    },
  );
}
