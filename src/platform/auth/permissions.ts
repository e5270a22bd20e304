import type { Role } from './principal.ts';

/** Every route names one permission; a role has it or the route answers 403. */
export const PERMISSIONS = {
  'tickets:read': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'tickets:write': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'tickets:merge': ['admin', 'supervisor', 'agent', 'dispatcher'],
  'customers:read': ['admin', 'supervisor', 'agent', 'dispatcher'],
  'customers:write': ['admin', 'supervisor', 'agent', 'dispatcher'],
  'directory:read': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'users:manage': ['admin'],
  'teams:manage': ['admin', 'supervisor'],
  'ticket-types:manage': ['admin'],
  'tokens:manage': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'calendars:read': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'calendars:manage': ['admin', 'supervisor'],
  'self:read': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'sla:read': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'sla:manage': ['admin', 'supervisor'],
  'automation:read': ['admin', 'supervisor', 'agent', 'dispatcher'],
  'automation:manage': ['admin', 'supervisor'],
  'macros:apply': ['admin', 'supervisor', 'agent', 'dispatcher'],
  'notifications:self': ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'],
  'jobs:manage': ['admin'],
  'dispatch:read': ['admin', 'supervisor', 'dispatcher'],
  'dispatch:manage': ['admin', 'supervisor', 'dispatcher'],
  'engineers:locate': ['admin', 'dispatcher', 'engineer'],
  'offers:accept': ['engineer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
