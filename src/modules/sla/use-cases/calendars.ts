import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import {
  addBusinessMinutes,
  type Calendar,
  calendarErrors,
  checkCalendar,
  checkDueRequest,
  type DueResponse,
  dueResponse,
  parseHolidayICalendar,
  parseHolidayJson,
  twentyFourSeven,
  WEEKDAYS,
} from '../calendar/index.ts';
import { type CalendarRow, calendarsRepo } from '../sla.repo.ts';

export type CalendarInput = { name: string; alwaysOpen?: boolean } & Record<string, unknown>;

/** A 24×7 calendar (`alwaysOpen: true`) or weekly hours checked by the calendar module. */
function definitionOf(input: CalendarInput): Calendar {
  const { name: _name, alwaysOpen, ...rest } = input;
  if (alwaysOpen) {
    if (Object.keys(rest).length)
      throw validationFailed('A 24×7 calendar has no hours, holidays or workdays', [
        { path: '/alwaysOpen', message: 'cannot be combined with hours' },
      ]);
    return twentyFourSeven;
  }
  // Days, holidays and workdays left out are empty: a calendar open Mon–Fri need not spell out the weekend.
  const weekly = typeof rest.weekly === 'object' && rest.weekly !== null ? rest.weekly : {};
  const checked = checkCalendar({
    ...rest,
    weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, (weekly as Record<string, unknown>)[day] ?? []])),
    holidays: rest.holidays ?? [],
    workdays: rest.workdays ?? [],
  });
  if (!checked.ok) throw calendarErrors.invalid(checked.errors);
  return checked.calendar;
}

export async function createCalendar(ctx: Context, tenantId: string, input: CalendarInput): Promise<CalendarRow> {
  const name = input.name.trim();
  if (!name) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
  const now = ctx.clock.now();
  const row: CalendarRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    name,
    definition: definitionOf(input),
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await calendarsRepo.insert(ctx.db, row);
  return row;
}

export async function getCalendar(ctx: Context, tenantId: string, id: string): Promise<CalendarRow> {
  const row = await calendarsRepo.byId(ctx.db, tenantId, id);
  if (!row) throw new AppError('CALENDAR_NOT_FOUND', 'Calendar not found');
  return row;
}

/** Replaces a calendar's definition, if nobody changed it since `expectedVersion`. */
export async function replaceCalendar(
  ctx: Context,
  options: { tenantId: string; id: string; expectedVersion: number; input: CalendarInput },
): Promise<CalendarRow> {
  await getCalendar(ctx, options.tenantId, options.id);
  const updated = await calendarsRepo.update(
    ctx.db,
    {
      tenant_id: options.tenantId,
      id: options.id,
      name: options.input.name.trim(),
      definition: definitionOf(options.input),
      updated_at: ctx.clock.now(),
    },
    options.expectedVersion,
  );
  if (!updated) throw new AppError('VERSION_MISMATCH', 'The calendar was changed by someone else; reload');
  return updated;
}

/** Changes the named fields of a calendar and keeps the rest (`alwaysOpen: true` makes it 24×7). */
export async function updateCalendar(
  ctx: Context,
  options: { tenantId: string; id: string; expectedVersion: number; changes: Partial<CalendarInput> },
): Promise<CalendarRow> {
  const row = await getCalendar(ctx, options.tenantId, options.id);
  const { name = row.name, alwaysOpen, ...definitionChanges } = options.changes;
  const wasAlwaysOpen = 'alwaysOpen' in row.definition;
  // A 24×7 calendar stays so unless hours are given; `alwaysOpen` decides when it is sent.
  const staysAlwaysOpen = alwaysOpen ?? (wasAlwaysOpen && Object.keys(definitionChanges).length === 0);
  const input: CalendarInput = staysAlwaysOpen
    ? { name, alwaysOpen: true, ...definitionChanges }
    : { ...(wasAlwaysOpen ? {} : row.definition), ...definitionChanges, name };
  return replaceCalendar(ctx, {
    tenantId: options.tenantId,
    id: options.id,
    expectedVersion: options.expectedVersion,
    input,
  });
}

/** Adds a year's holidays and make-up workdays from JSON or iCalendar text to a calendar. */
export async function importHolidays(
  ctx: Context,
  options: { tenantId: string; id: string; format: 'json' | 'icalendar'; content: string; year?: number },
): Promise<CalendarRow> {
  const row = await getCalendar(ctx, options.tenantId, options.id);
  if ('alwaysOpen' in row.definition)
    throw validationFailed('A 24×7 calendar has no holidays', [{ path: '/format', message: 'calendar is 24×7' }]);
  const parseOptions = options.year ? { year: options.year } : {};
  const parsed =
    options.format === 'json'
      ? parseHolidayJson(options.content, parseOptions)
      : parseHolidayICalendar(options.content, parseOptions);
  if (!parsed.ok) throw calendarErrors.invalid(parsed.errors);
  const current = row.definition;
  const holidays = new Set([...current.holidays.filter((d) => !parsed.workdays.includes(d)), ...parsed.holidays]);
  const workdays = new Set([...current.workdays.filter((d) => !parsed.holidays.includes(d)), ...parsed.workdays]);
  const input: CalendarInput = {
    name: row.name,
    ...current,
    holidays: [...holidays].sort(),
    workdays: [...workdays].sort(),
  };
  return replaceCalendar(ctx, { tenantId: options.tenantId, id: options.id, expectedVersion: row.version, input });
}

/** The business-time calculator SLA clocks use: the instant `minutes` of open time after `start`. */
export async function calendarDue(ctx: Context, tenantId: string, id: string, body: unknown): Promise<DueResponse> {
  const row = await getCalendar(ctx, tenantId, id);
  const request = checkDueRequest(body);
  if (!request.ok)
    throw validationFailed(`The due request is invalid: ${request.errors[0]?.message ?? ''}`, request.errors);
  return dueResponse(addBusinessMinutes(row.definition, request.start, request.minutes));
}
