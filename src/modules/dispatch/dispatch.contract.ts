import { Type } from 'typebox';

const Point = Type.Object(
  { lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);
const Time = Type.String({ maxLength: 5, examples: ['09:00'] });
const Weekday = Type.Union(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => Type.Literal(day)));

export const EngineerBody = Type.Object(
  {
    status: Type.Optional(Type.Union(['off', 'idle', 'en_route', 'on_site', 'busy'].map((s) => Type.Literal(s)))),
    skills: Type.Optional(
      Type.Array(
        Type.Object(
          { key: Type.String({ minLength: 1, maxLength: 50 }), level: Type.Integer({ minimum: 1, maximum: 5 }) },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    certifications: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    territories: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Object(
            {
              kind: Type.Literal('radius'),
              center: Point,
              radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
            },
            { additionalProperties: false },
          ),
          Type.Object(
            { kind: Type.Literal('polygon'), points: Type.Array(Point, { minItems: 3, maxItems: 500 }) },
            { additionalProperties: false },
          ),
        ]),
        { maxItems: 20 },
      ),
    ),
    shifts: Type.Optional(
      Type.Array(Type.Object({ weekday: Weekday, start: Time, end: Time }, { additionalProperties: false }), {
        maxItems: 28,
      }),
    ),
    breaks: Type.Optional(
      Type.Array(Type.Object({ start: Time, end: Time }, { additionalProperties: false }), { maxItems: 10 }),
    ),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    home: Type.Optional(Type.Union([Point, Type.Null()])),
    dailyCapacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    rating: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 5 }), Type.Null()])),
    vanParts: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 0, maximum: 100_000 }), {
        maxProperties: 500,
      }),
    ),
  },
  { additionalProperties: false },
);

export const Engineer = Type.Object({
  userId: Type.String(),
  name: Type.Optional(Type.String()),
  status: Type.String(),
  skills: Type.Array(Type.Object({ key: Type.String(), level: Type.Integer() })),
  certifications: Type.Array(Type.String()),
  territories: Type.Array(Type.Unknown()),
  shifts: Type.Array(Type.Unknown()),
  breaks: Type.Array(Type.Unknown()),
  timeZone: Type.String(),
  home: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number() }), Type.Null()]),
  location: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number(), at: Type.String() }), Type.Null()]),
  dailyCapacity: Type.Integer(),
  rating: Type.Union([Type.Number(), Type.Null()]),
  vanParts: Type.Record(Type.String(), Type.Integer()),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

export const LocationBody = Point;

export const OfferBody = Type.Object(
  {
    engineerIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 2000 })),
    expiresInMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  },
  { additionalProperties: false },
);

export const Offer = Type.Object({
  ticketId: Type.String(),
  status: Type.String(),
  engineers: Type.Integer(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  acceptedBy: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
});

export const DeclineBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the dispatcher' }) },
  { additionalProperties: false },
);

const Weight = Type.Number({ minimum: 0, maximum: 1000 });
export const DispatchSettings = Type.Object(
  {
    weights: Type.Object(
      { travel: Weight, load: Weight, urgency: Weight, rating: Weight, continuity: Weight },
      { additionalProperties: false, description: 'Relative weights of the match score; at least one above 0' },
    ),
  },
  { additionalProperties: false },
);

export const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });
export const TicketParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
