import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';

/** The caller of an authenticated route (the auth hook has set it; a public route has none). */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Log in, or send Authorization: Bearer <token>');
  return request.principal;
}
