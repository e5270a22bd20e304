export const ROLES = ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved once per request from a Bearer token or a session cookie. */
export type Principal = {
  tenantId: string;
  userId: string;
  role: Role;
  via: 'token' | 'session';
  csrfToken: string | null;
};
