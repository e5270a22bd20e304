import { Type } from 'typebox';

const Minutes = Type.Integer({ minimum: 1, maximum: 525_600, description: 'Minutes of business time' });
const Strings = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 });
const Priority = Type.Union([Type.Literal('P1'), Type.Literal('P2'), Type.Literal('P3'), Type.Literal('P4')]);

const policyProperties = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Lower is tried first' })),
  active: Type.Optional(Type.Boolean()),
  conditions: Type.Optional(
    Type.Object(
      {
        priorities: Type.Optional(Type.Array(Priority, { maxItems: 4 })),
        ticketTypes: Type.Optional(Strings),
        channels: Type.Optional(Strings),
        organisationIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100 })),
        customerTiers: Type.Optional(Strings),
      },
      { additionalProperties: false, description: 'All present conditions must hold; an absent one holds always' },
    ),
  ),
  calendarId: Type.Optional(
    Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Business calendar; null is 24×7' }),
  ),
  targets: Type.Object(
    {
      firstResponse: Type.Optional(Minutes),
      nextUpdate: Type.Optional(Minutes),
      onSite: Type.Optional(Minutes),
      resolution: Type.Optional(Minutes),
    },
    { additionalProperties: false },
  ),
  warnAtPercent: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 99 }), { maxItems: 10 })),
  pauseStatuses: Type.Optional(Strings),
};

export const SlaPolicyBody = Type.Object(policyProperties, { additionalProperties: false });

export const UpdateSlaPolicyBody = Type.Object(
  {
    ...policyProperties,
    name: Type.Optional(policyProperties.name),
    targets: Type.Optional(policyProperties.targets),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SlaPolicy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  active: Type.Boolean(),
  conditions: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  calendarId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  targets: Type.Record(Type.String(), Type.Integer()),
  warnAtPercent: Type.Optional(Type.Array(Type.Integer())),
  pauseStatuses: Type.Optional(Type.Array(Type.String())),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const TicketSla = Type.Object({
  metric: Type.String(),
  policyId: Type.Union([Type.String(), Type.Null()]),
  targetMinutes: Type.Integer(),
  status: Type.String({ description: 'running, paused, met or breached' }),
  startedAt: Type.String(),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  metAt: Type.Union([Type.String(), Type.Null()]),
  breachedAt: Type.Union([Type.String(), Type.Null()]),
  usedMinutes: Type.Number(),
  pausedMinutes: Type.Number(),
  breachedCycles: Type.Integer(),
});
