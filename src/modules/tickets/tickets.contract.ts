import { Type } from 'typebox';

const Priority = Type.Union(['P1', 'P2', 'P3', 'P4'].map((p) => Type.Literal(p)));
export const CHANNELS = [
  'phone',
  'email',
  'web',
  'chat',
  'wecom',
  'wechat',
  'dingtalk',
  'sms',
  'api',
  'walk_in',
] as const;
const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
const Text = (max: number) => Type.String({ maxLength: max });
const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const Location = Type.Object(
  {
    address: Type.Optional(Text(500)),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);
const CustomerIdentity = Type.Object(
  {
    name: Type.Optional(Text(200)),
    phone: Type.Optional(Text(64)),
    email: Type.Optional(Text(254)),
    wecom: Type.Optional(Text(128)),
    wechat: Type.Optional(Text(128)),
    dingtalk: Type.Optional(Text(128)),
  },
  { additionalProperties: false },
);
const FieldValue = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
]);
const CustomFields = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), FieldValue, {
  additionalProperties: false,
  maxProperties: 100,
});
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 });

export const CreateTicketBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    description: Text(100_000),
    channel: Type.Optional(Channel),
    priority: Type.Optional(Priority),
    type: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    customer: Type.Optional(CustomerIdentity),
    customerId: Type.Optional(Uuid),
    location: Type.Optional(Location),
    tags: Type.Optional(Tags),
    customFields: Type.Optional(CustomFields),
    assigneeId: Type.Optional(NullableUuid),
    teamId: Type.Optional(NullableUuid),
  },
  { additionalProperties: false },
);

export const UpdateTicketBody = Type.Object(
  {
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    description: Type.Optional(Text(100_000)),
    priority: Type.Optional(Priority),
    status: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    assigneeId: Type.Optional(NullableUuid),
    teamId: Type.Optional(NullableUuid),
    tags: Type.Optional(Tags),
    customFields: Type.Optional(CustomFields),
    location: Type.Optional(Type.Union([Location, Type.Null()])),
    customerId: Type.Optional(NullableUuid),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Ticket = Type.Object({
  id: Type.String(),
  number: Type.String(),
  typeId: Type.String(),
  type: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  statusCategory: Type.String(),
  priority: Type.String(),
  channel: Type.String(),
  subject: Type.String(),
  description: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([
    Type.Object({
      address: Type.Union([Type.String(), Type.Null()]),
      lat: Type.Union([Type.Number(), Type.Null()]),
      lng: Type.Union([Type.Number(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  tags: Type.Array(Type.String()),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  assigneeId: Type.Union([Type.String(), Type.Null()]),
  teamId: Type.Union([Type.String(), Type.Null()]),
  mergedIntoId: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  timeline: Type.Optional(Type.Unknown()),
});

export const TicketQuery = Type.Object(
  {
    status: Type.Optional(Text(400)),
    statusCategory: Type.Optional(Text(100)),
    open: Type.Optional(Type.Boolean()),
    priority: Type.Optional(Text(20)),
    assigneeId: Type.Optional(Type.Union([Uuid, Type.Literal('me'), Type.Literal('none')])),
    teamId: Type.Optional(Type.Union([Uuid, Type.Literal('none')])),
    tag: Type.Optional(Text(50)),
    channel: Type.Optional(Text(200)),
    customerId: Type.Optional(Uuid),
    type: Type.Optional(Text(40)),
    createdFrom: Type.Optional(Type.String({ format: 'date-time' })),
    createdTo: Type.Optional(Type.String({ format: 'date-time' })),
    updatedFrom: Type.Optional(Type.String({ format: 'date-time' })),
    updatedTo: Type.Optional(Type.String({ format: 'date-time' })),
    field: Type.Optional(Type.Array(Text(250), { maxItems: 10 })),
    q: Type.Optional(Text(200)),
    sort: Type.Optional(
      Type.Union(
        ['created', '-created', 'updated', '-updated', 'priority', '-priority', 'due', '-due'].map((s) =>
          Type.Literal(s),
        ),
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 100_000 }),
    public: Type.Boolean(),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export const Comment = Type.Object({
  id: Type.String(),
  ticketId: Type.String(),
  authorUserId: Type.Union([Type.String(), Type.Null()]),
  authorCustomerId: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  public: Type.Boolean(),
  attachmentIds: Type.Array(Type.String()),
  createdAt: Type.String(),
});
export const LinkBody = Type.Object(
  {
    ticketId: Uuid,
    kind: Type.Optional(Type.Union(['related', 'duplicate', 'parent', 'child'].map((k) => Type.Literal(k)))),
  },
  { additionalProperties: false },
);
export const MergeBody = Type.Object({ targetId: Uuid }, { additionalProperties: false });

const WorkflowSchema = Type.Object(
  {
    initial: Type.String({ maxLength: 40 }),
    states: Type.Array(
      Type.Object(
        {
          key: Type.String({ maxLength: 40 }),
          name: Type.String({ minLength: 1, maxLength: 100 }),
          category: Type.Union(['new', 'open', 'pending', 'resolved', 'closed'].map((c) => Type.Literal(c))),
          pausesSla: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    transitions: Type.Array(Type.Tuple([Type.String({ maxLength: 40 }), Type.String({ maxLength: 40 })]), {
      maxItems: 500,
    }),
  },
  { additionalProperties: false },
);
const FieldDefinitions = Type.Array(
  Type.Object(
    {
      key: Type.String({ maxLength: 40 }),
      label: Type.String({ minLength: 1, maxLength: 100 }),
      type: Type.Union(['text', 'number', 'select', 'multiselect', 'date', 'checkbox'].map((c) => Type.Literal(c))),
      required: Type.Optional(Type.Boolean()),
      options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200 })),
    },
    { additionalProperties: false },
  ),
  { maxItems: 100 },
);
export const CreateTicketTypeBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Union([Type.Literal('desk'), Type.Literal('field')]),
    workflow: Type.Optional(WorkflowSchema),
    customFields: Type.Optional(FieldDefinitions),
  },
  { additionalProperties: false },
);
export const UpdateTicketTypeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    workflow: Type.Optional(WorkflowSchema),
    customFields: Type.Optional(FieldDefinitions),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const IdParams = Type.Object({ id: Uuid });
export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid });
export const GetTicketQuery = Type.Object(
  { include: Type.Optional(Type.Literal('timeline')) },
  { additionalProperties: false },
);
