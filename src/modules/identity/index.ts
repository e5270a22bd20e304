/** Identity: tenants, users and roles, teams, sessions and API tokens. */

export { type TeamRow, type TenantRow, teamsRepo, tenantsRepo, type UserRow, usersRepo } from './identity.repo.ts';
export { registerIdentityRoutes } from './identity.routes.ts';
export { teamView, tenantView, userView } from './identity.views.ts';
export { type CreatedApiToken, createApiToken, revokeApiToken } from './use-cases/api-tokens.ts';
export { type Authenticator, createAuthenticator, SESSION_COOKIE } from './use-cases/authenticate.ts';
export { type CreatedTenant, createTenant } from './use-cases/create-tenant.ts';
export { createUser, normaliseLoginEmail } from './use-cases/create-user.ts';
export { createTeam, listTeams } from './use-cases/teams.ts';
export { updateUser } from './use-cases/update-user.ts';
