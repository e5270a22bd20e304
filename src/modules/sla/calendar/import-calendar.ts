import type { FieldError } from '../../../platform/errors/app-error.ts';
import { checkDateLists, formatCalendarDate, parseCalendarDate } from './calendar-values.ts';
import { type ContentLine, parseContentLine, unescapeText, unfoldLines } from './icalendar-lines.ts';

// A year's holidays and make-up workdays read from a file, to merge into a calendar's `holidays` and `workdays`.
export type HolidayImport = { holidays: string[]; workdays: string[] };
export type HolidayImportResult = ({ ok: true } & HolidayImport) | { ok: false; errors: FieldError[] };
// With `year`, a date in any other year is refused (a 2027 file uploaded as 2026 is a mistake worth catching).
export type HolidayImportOptions = { year?: number };

const MAX_TEXT_LENGTH = 2_000_000;
const MAX_EVENT_DAYS = 366;
const CALENDAR_FIELDS = new Set(['name', 'timeZone', 'weekly', 'holidays', 'workdays']);

// JSON in the API's shape: `{"holidays": ["2026-10-01", …], "workdays": ["2026-09-20", …]}`. A missing list means
// none; the other calendar fields (name, timeZone, weekly) may be present and are ignored.
export function parseHolidayJson(text: string, options: HolidayImportOptions = {}): HolidayImportResult {
  if (text.length > MAX_TEXT_LENGTH) return refuse('', 'The import is larger than 2 MB.');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return refuse('', `The import is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return refuse('', 'The import must be a JSON object with "holidays" and "workdays" lists.');
  }
  const errors: FieldError[] = [];
  const record: Record<string, unknown> = { ...input };
  for (const key of Object.keys(record)) {
    if (!CALENDAR_FIELDS.has(key)) errors.push({ path: `/${key}`, message: `"${key}" is not a calendar field.` });
  }
  if (!('holidays' in record) && !('workdays' in record)) {
    errors.push({ path: '', message: 'The import has neither a "holidays" nor a "workdays" list.' });
  }
  const lists = checkDateLists({ holidays: record.holidays ?? [], workdays: record.workdays ?? [] }, errors);
  if (lists === undefined || errors.length > 0) return { ok: false, errors };
  return finish(
    lists.holidays.map((date, index) => ({ date, path: `/holidays/${index}` })),
    lists.workdays.map((date, index) => ({ date, path: `/workdays/${index}` })),
    options,
  );
}

// iCalendar (RFC 5545) text with one all-day VEVENT per holiday or make-up day. DTSTART must be a date
// (`DTSTART;VALUE=DATE:20261001`); DTEND is exclusive and defaults to the next day; DURATION may be given as PnD or
// PnW instead. Cancelled events are skipped; recurring ones are refused, since their dates are not listed.
// An event is a make-up workday when, in order of precedence:
//   1. it has `X-LOOPDESK-DAY-KIND:workday` (or `:holiday` to say it is not);
//   2. any other X- property's value contains "workday", e.g. Apple's `X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY`;
//   3. its SUMMARY contains 班 (上班, 补班, 调休上班) or "workday" / "work day" in any case.
// Every other event is a holiday.
export function parseHolidayICalendar(text: string, options: HolidayImportOptions = {}): HolidayImportResult {
  if (text.length > MAX_TEXT_LENGTH) return refuse('', 'The import is larger than 2 MB.');
  const errors: FieldError[] = [];
  const holidays: DatedEntry[] = [];
  const workdays: DatedEntry[] = [];
  const stack: string[] = [];
  let event: ContentLine[] | undefined;
  let events = 0;
  let sawCalendar = false;

  for (const physical of unfoldLines(text)) {
    const parsed = parseContentLine(physical.text, physical.line);
    if (!parsed.ok) {
      errors.push({ path: `/lines/${parsed.line}`, message: parsed.message });
      continue;
    }
    const { name, value, line } = parsed.line;
    if (name === 'BEGIN') {
      const component = value.toUpperCase();
      if (stack.length === 0 && component !== 'VCALENDAR') {
        errors.push({ path: `/lines/${line}`, message: `Line ${line} begins ${value} outside a VCALENDAR.` });
      }
      if (component === 'VCALENDAR') sawCalendar = true;
      if (component === 'VEVENT' && stack.at(-1) === 'VCALENDAR') event = [];
      stack.push(component);
    } else if (name === 'END') {
      const component = value.toUpperCase();
      if (stack.at(-1) !== component) {
        errors.push({
          path: `/lines/${line}`,
          message: `Line ${line} ends ${value}, but the open component is ${stack.at(-1) ?? 'none'}.`,
        });
        continue;
      }
      stack.pop();
      if (component === 'VEVENT' && event !== undefined && stack.at(-1) === 'VCALENDAR') {
        readEvent(event, `/events/${events}`, { holidays, workdays, errors });
        events++;
        event = undefined;
      }
    } else if (event !== undefined && stack.at(-1) === 'VEVENT') {
      event.push(parsed.line);
    }
  }
  if (!sawCalendar) return refuse('', 'The text is not an iCalendar file: it has no BEGIN:VCALENDAR line.');
  if (stack.length > 0)
    errors.push({ path: '', message: `The file ends inside ${stack.at(-1)}; END lines are missing.` });
  if (events === 0 && errors.length === 0) errors.push({ path: '', message: 'The iCalendar file has no VEVENT.' });
  if (errors.length > 0) return { ok: false, errors };
  return finish(holidays, workdays, options);
}

type DatedEntry = { date: string; path: string };
type Collected = { holidays: DatedEntry[]; workdays: DatedEntry[]; errors: FieldError[] };

function readEvent(lines: ContentLine[], path: string, into: Collected): void {
  const property = (name: string) => lines.find((line) => line.name === name);
  const fail = (line: ContentLine | undefined, name: string, message: string) =>
    into.errors.push({
      path: `${path}/${name}`,
      message: line === undefined ? message : `Line ${line.line}: ${message}`,
    });

  if (property('STATUS')?.value.toUpperCase() === 'CANCELLED') return;
  const rrule = property('RRULE') ?? property('RDATE');
  if (rrule !== undefined) {
    fail(rrule, rrule.name, 'recurring events are not supported; list each holiday as its own event.');
    return;
  }
  const dtstart = property('DTSTART');
  if (dtstart === undefined) {
    fail(undefined, 'DTSTART', `Event ${path} has no DTSTART.`);
    return;
  }
  const first = readDate(dtstart);
  if (typeof first === 'string') {
    fail(dtstart, 'DTSTART', first);
    return;
  }
  const end = readEnd(property('DTEND'), property('DURATION'), first);
  if (typeof end !== 'number') {
    fail(end.line, end.name, end.message);
    return;
  }
  const kind = classify(lines);
  if (kind === undefined) {
    fail(property('X-LOOPDESK-DAY-KIND'), 'X-LOOPDESK-DAY-KIND', 'X-LOOPDESK-DAY-KIND must be "workday" or "holiday".');
    return;
  }
  for (let day = first; day < end; day++) {
    into[kind === 'workday' ? 'workdays' : 'holidays'].push({ date: formatCalendarDate(day), path });
  }
}

type EndError = { line: ContentLine | undefined; name: string; message: string };

// The exclusive end day: DTEND, else DTSTART plus DURATION, else the day after DTSTART.
function readEnd(dtend: ContentLine | undefined, duration: ContentLine | undefined, first: number): number | EndError {
  let end = first + 1;
  if (dtend !== undefined) {
    const read = readDate(dtend);
    if (typeof read === 'string') return { line: dtend, name: 'DTEND', message: read };
    end = read;
  } else if (duration !== undefined) {
    const match = /^P(\d+)([DW])$/i.exec(duration.value.trim());
    if (match === null) {
      return { line: duration, name: 'DURATION', message: `DURATION "${duration.value}" is not PnD or PnW.` };
    }
    end = first + Number(match[1]) * (match[2]?.toUpperCase() === 'W' ? 7 : 1);
  }
  const line = dtend ?? duration;
  const name = dtend === undefined ? 'DURATION' : 'DTEND';
  if (end <= first) return { line, name, message: 'the event ends before it begins (DTEND is exclusive).' };
  if (end - first > MAX_EVENT_DAYS) return { line, name, message: `the event lasts more than ${MAX_EVENT_DAYS} days.` };
  return end;
}

function classify(lines: ContentLine[]): 'workday' | 'holiday' | undefined {
  const explicit = lines.find((line) => line.name === 'X-LOOPDESK-DAY-KIND');
  if (explicit !== undefined) {
    const kind = explicit.value.trim().toLowerCase();
    return kind === 'workday' || kind === 'holiday' ? kind : undefined;
  }
  if (lines.some((line) => line.name.startsWith('X-') && /workday/i.test(line.value))) return 'workday';
  const summary = unescapeText(lines.find((line) => line.name === 'SUMMARY')?.value ?? '');
  return /班|work\s?-?day/i.test(summary) ? 'workday' : 'holiday';
}

// A day number, or a message saying why the value is not an all-day date.
function readDate(line: ContentLine): number | string {
  const type = line.params.get('VALUE')?.toUpperCase();
  const value = line.value.trim();
  if ((type === undefined || type === 'DATE-TIME') && /^\d{8}T/.test(value)) {
    return `${line.name} ${value} is a date-time; only all-day events (${line.name};VALUE=DATE:YYYYMMDD) are read.`;
  }
  if (type !== undefined && type !== 'DATE') return `${line.name} has VALUE=${type}; expected VALUE=DATE.`;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const day = match === null ? undefined : parseCalendarDate(`${match[1]}-${match[2]}-${match[3]}`);
  return day ?? `${line.name} "${value}" is not a real date in YYYYMMDD form.`;
}

// Sorts and de-duplicates (feeds often repeat a day in two events), refuses a day that is both, checks the year.
function finish(holidays: DatedEntry[], workdays: DatedEntry[], options: HolidayImportOptions): HolidayImportResult {
  const errors: FieldError[] = [];
  const workdayPaths = new Map(workdays.map((entry) => [entry.date, entry.path]));
  for (const entry of holidays) {
    const other = workdayPaths.get(entry.date);
    if (other !== undefined) {
      errors.push({
        path: entry.path,
        message: `${entry.date} is both a holiday (${entry.path}) and a workday (${other}).`,
      });
    }
  }
  if (options.year !== undefined) {
    for (const entry of [...holidays, ...workdays]) {
      if (!entry.date.startsWith(`${options.year}-`)) {
        errors.push({ path: entry.path, message: `${entry.date} (${entry.path}) is not in ${options.year}.` });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors: dedupeErrors(errors) };
  const sorted = (entries: DatedEntry[]) => [...new Set(entries.map((entry) => entry.date))].sort();
  return { ok: true, holidays: sorted(holidays), workdays: sorted(workdays) };
}

function dedupeErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.message) && seen.add(error.message) !== undefined);
}

function refuse(path: string, message: string): HolidayImportResult {
  return { ok: false, errors: [{ path, message }] };
}
