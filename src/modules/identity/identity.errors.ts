import { AppError } from '../../platform/errors/app-error.ts';

/** Identity's error codes: EMAIL_TAKEN (409), TENANT_SLUG_TAKEN (409), USER_NOT_FOUND (404), TEAM_NOT_FOUND (404). */
export const identityErrors = {
  emailTaken: (email: string) => new AppError('EMAIL_TAKEN_CONFLICT', `A user with e-mail ${email} already exists`),
  slugTaken: (slug: string) => new AppError('TENANT_SLUG_TAKEN_CONFLICT', `A tenant with slug ${slug} already exists`),
  userNotFound: () => new AppError('USER_NOT_FOUND', 'User not found'),
  teamNotFound: () => new AppError('TEAM_NOT_FOUND', 'Team not found'),
  tenantNotFound: () => new AppError('TENANT_NOT_FOUND', 'Tenant not found'),
};
