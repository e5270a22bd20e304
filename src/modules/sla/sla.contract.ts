import { Type } from 'typebox';

const Day = Type.Array(Type.Tuple([Type.String({ maxLength: 5 }), Type.String({ maxLength: 5 })]), { maxItems: 12 });
const Dates = Type.Array(Type.String({ maxLength: 10 }), { maxItems: 2000 });

/** The calendar body; the calendar module checks the meaning (zone, hours, overlaps, dates) and names bad fields. */
export const CalendarBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    timeZone: Type.Optional(Type.String({ maxLength: 64, examples: ['Asia/Shanghai'] })),
    weekly: Type.Optional(
      Type.Object(
        {
          mon: Type.Optional(Day),
          tue: Type.Optional(Day),
          wed: Type.Optional(Day),
          thu: Type.Optional(Day),
          fri: Type.Optional(Day),
          sat: Type.Optional(Day),
          sun: Type.Optional(Day),
        },
        { additionalProperties: false },
      ),
    ),
    holidays: Type.Optional(Dates),
    workdays: Type.Optional(
      Type.Array(Type.String({ maxLength: 10 }), {
        maxItems: 2000,
        description: 'Make-up working days (调休), e.g. a Saturday that is worked',
      }),
    ),
    alwaysOpen: Type.Optional(Type.Boolean({ description: 'A 24×7 calendar: no hours, holidays or workdays' })),
  },
  { additionalProperties: false },
);

/** A PATCH names only what changes; the rest of the definition is kept. */
export const UpdateCalendarBody = Type.Object(
  { ...CalendarBody.properties, name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const DueBody = Type.Object(
  {
    start: Type.String({ maxLength: 40, description: 'An instant with its offset, e.g. 2026-09-30T17:30:00+08:00' }),
    minutes: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export const DueAnswer = Type.Object({ due: Type.String({ format: 'date-time' }) });

export const ImportBody = Type.Object(
  {
    format: Type.Union([Type.Literal('json'), Type.Literal('icalendar')]),
    content: Type.String({ minLength: 1, maxLength: 2_000_000 }),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200 })),
  },
  { additionalProperties: false },
);

export const Calendar = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.Optional(Type.String()),
  weekly: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Array(Type.String())))),
  holidays: Type.Optional(Type.Array(Type.String())),
  workdays: Type.Optional(Type.Array(Type.String())),
  alwaysOpen: Type.Optional(Type.Boolean()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
