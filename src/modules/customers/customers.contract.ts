import { Type } from 'typebox';

export const ContactKind = Type.Union(['phone', 'email', 'wecom', 'wechat', 'dingtalk'].map((k) => Type.Literal(k)));
export const ContactInput = Type.Object(
  {
    kind: ContactKind,
    value: Type.String({ minLength: 1, maxLength: 254 }),
    label: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);
export const Customer = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
  name: Type.String(),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  notes: Type.String(),
  tier: Type.Union([Type.String(), Type.Null()]),
  contacts: Type.Array(
    Type.Object({ id: Type.String(), kind: ContactKind, value: Type.String(), label: Type.String() }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const fields = {
  kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('organisation')])),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  organisationId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  notes: Type.Optional(Type.String({ maxLength: 10_000 })),
  tier: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()], {
      description: 'Service tier, e.g. VIP or gold: SLA policies can be chosen by it',
    }),
  ),
  contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 20 })),
};
export const CreateCustomerBody = Type.Object(fields, { additionalProperties: false });
export const UpdateCustomerBody = Type.Object(
  { ...fields, name: Type.Optional(fields.name) },
  { additionalProperties: false, minProperties: 1 },
);
export const CustomerQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 64 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    contact: Type.Optional(Type.String({ maxLength: 254 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const Duplicates = Type.Object({
  items: Type.Array(Type.Object({ customer: Customer, reasons: Type.Array(Type.String()) })),
});
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
