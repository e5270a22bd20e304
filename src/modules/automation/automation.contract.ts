import { Type } from 'typebox';

// Conditions and actions are checked by the rules engine (every field, operator and template variable, with
// the path of each problem); the schema only bounds their size.
const Conditions = Type.Object(
  {
    all: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 50 })),
    any: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
const Actions = Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 30 });

const ruleProperties = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  active: Type.Optional(Type.Boolean()),
  conditions: Type.Optional(Conditions),
  actions: Actions,
};

export const TriggerBody = Type.Object(
  { ...ruleProperties, events: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 }) },
  { additionalProperties: false },
);
export const AutomationBody = Type.Object(ruleProperties, { additionalProperties: false });
export const UpdateTriggerBody = Type.Object(
  {
    ...ruleProperties,
    name: Type.Optional(ruleProperties.name),
    actions: Type.Optional(Actions),
    events: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const UpdateAutomationBody = Type.Object(
  { ...ruleProperties, name: Type.Optional(ruleProperties.name), actions: Type.Optional(Actions) },
  { additionalProperties: false, minProperties: 1 },
);
export const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  active: Type.Boolean(),
  events: Type.Optional(Type.Array(Type.String())),
  conditions: Type.Unknown(),
  actions: Type.Unknown(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const MacroBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), actions: Actions },
  { additionalProperties: false },
);
export const Macro = Type.Object({
  id: Type.String(),
  name: Type.String(),
  actions: Type.Unknown(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ChannelBody = Type.Object(
  {
    kind: Type.Union(['dingtalk', 'wecom', 'webhook', 'email', 'sms'].map((kind) => Type.Literal(kind))),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    config: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export const Channel = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Secrets are masked' }),
  version: Type.Integer(),
  createdAt: Type.String(),
});

export const Notification = Type.Object({
  id: Type.String(),
  ticketId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
export const NotificationQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export const Preferences = Type.Object(
  {
    channels: Type.Object(
      { inApp: Type.Boolean(), email: Type.Boolean(), sms: Type.Boolean() },
      { additionalProperties: false },
    ),
    quietHours: Type.Union([
      Type.Object(
        {
          start: Type.String({ maxLength: 5 }),
          end: Type.String({ maxLength: 5 }),
          timeZone: Type.String({ maxLength: 64 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

export const DeadJob = Type.Object({
  id: Type.String(),
  queue: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  failedAt: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Unknown(),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const MacroApplyParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  macroId: Type.String({ format: 'uuid' }),
});
export const JobParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
