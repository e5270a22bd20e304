import { Type } from 'typebox';
import { ROLES } from '../../platform/auth/principal.ts';

export const Role = Type.Union(ROLES.map((role) => Type.Literal(role)));
const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 8, maxLength: 256 });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const LoginBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    tenant: Type.Optional(Type.String({ maxLength: 63 })),
  },
  { additionalProperties: false },
);
export const LoginResponse = Type.Object({
  user: User,
  csrfToken: Type.String(),
  tenant: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
});
export const CreateUserBody = Type.Object(
  { email: Email, name: Name, role: Role, password: Type.Optional(Password) },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Password },
  { additionalProperties: false },
);
const Tier = Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()], {
  description: "Support tier (1 = L1 … 4 = L4): escalating a ticket moves it to the next tier's team",
});
export const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  tier: Type.Union([Type.Integer(), Type.Null()]),
  memberIds: Type.Array(Type.String()),
});
export const CreateTeamBody = Type.Object(
  {
    name: Name,
    tier: Type.Optional(Tier),
    memberIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(Name),
    tier: Type.Optional(Tier),
    memberIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const CreateTokenBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export const CreatedToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'Shown once; store it now' }),
  prefix: Type.String(),
  createdAt: Type.String(),
});
export const TokenSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
