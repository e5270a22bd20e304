import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';

// A person's quiet hours ("22:00"–"08:00" in their own zone): non-urgent notifications wait until they end.
// Times are wall-clock times in `timeZone`, so the window follows daylight saving; `start` is inclusive, `end`
// exclusive, and a window whose end is not after its start spans midnight.
export type QuietHours = { start: string; end: string; timeZone: string };
export type NotificationPreferences = { quietHours?: QuietHours | null };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const FIELDS = new Set(['start', 'end', 'timeZone']);

/**
 * When a notification created at `now` should go out: `now` when it is urgent or outside the quiet hours, otherwise
 * the next instant the wall clock in the person's zone reads `end` (if a DST jump skips that time, the instant of
 * the jump; if clocks going back repeat it, the first occurrence still to come).
 */
export function deliverAt(now: Date, prefs: NotificationPreferences, urgent: boolean): Date {
  const quiet = prefs.quietHours;
  if (urgent || quiet === null || quiet === undefined) return now;
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  if (start === undefined || end === undefined || start === end) return now;
  const nowMs = now.getTime();
  const wall = nowMs + offsetAt(quiet.timeZone, nowMs);
  const localDay = Math.floor(wall / DAY_MS);
  const minuteOfDay = (wall - localDay * DAY_MS) / MINUTE_MS;
  const spansMidnight = end < start;
  const inQuiet = spansMidnight ? minuteOfDay >= start || minuteOfDay < end : minuteOfDay >= start && minuteOfDay < end;
  if (!inQuiet) return now;
  // Quiet hours that began yesterday evening end today; those that began this evening end tomorrow.
  const endDay = spansMidnight && minuteOfDay >= start ? localDay + 1 : localDay;
  const endsAt = firstInstantAfter(quiet.timeZone, endDay * DAY_MS + end * MINUTE_MS, nowMs);
  return endsAt === undefined ? now : new Date(endsAt);
}

/** Validates quiet hours from an API body or a stored preference; null and undefined mean "none". */
export function checkQuietHours(input: unknown, path = ''): QuietHours | null {
  if (input === null || input === undefined) return null;
  if (!isRecord(input)) {
    throw validationFailed('Quiet hours are not valid.', [
      { path, message: 'Quiet hours must be an object {start, end, timeZone} or null.' },
    ]);
  }
  const record = input;
  const errors: FieldError[] = [];
  for (const key of Object.keys(record)) {
    if (!FIELDS.has(key)) errors.push({ path: `${path}/${key}`, message: `"${key}" is not a quiet-hours field.` });
  }
  const start = checkClock(record.start, `${path}/start`, errors);
  const end = checkClock(record.end, `${path}/end`, errors);
  if (start !== undefined && end !== undefined && start === end) {
    errors.push({ path: `${path}/end`, message: 'Quiet hours must end at another time than they start.' });
  }
  let timeZone: string | undefined;
  if (typeof record.timeZone !== 'string' || record.timeZone === '') {
    errors.push({ path: `${path}/timeZone`, message: 'Give an IANA time zone such as "Asia/Shanghai".' });
  } else {
    timeZone = canonicalTimeZone(record.timeZone);
    if (timeZone === undefined) {
      errors.push({ path: `${path}/timeZone`, message: `"${record.timeZone}" is not a known IANA time zone.` });
    }
  }
  if (errors.length > 0 || start === undefined || end === undefined || timeZone === undefined) {
    throw validationFailed('Quiet hours are not valid.', errors);
  }
  return { start, end, timeZone };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkClock(value: unknown, path: string, errors: FieldError[]): string | undefined {
  if (typeof value === 'string' && clockMinutes(value) !== undefined) return value;
  errors.push({ path, message: 'Give a time as "HH:MM" between "00:00" and "23:59".' });
  return undefined;
}

function clockMinutes(text: string): number | undefined {
  const match = CLOCK_TIME.exec(text);
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
}

function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

// The zone's offset (local minus UTC, ms) at an instant, read through Intl.
function offsetAt(timeZone: string, ms: number): number {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formats.size > 500) formats.clear();
    formats.set(timeZone, format);
  }
  const second = Math.floor(ms / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(second)) fields[part.type] = Number(part.value);
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return wall - second;
}

// The first instant after `afterMs` at which the zone's wall clock reads `wallMs` (local time written as if it were
// UTC); when a DST jump skips that time, the instant of the jump. A time repeated when clocks go back has two
// instants: the first one still to come wins.
function firstInstantAfter(timeZone: string, wallMs: number, afterMs: number): number | undefined {
  const offsets = new Set([offsetAt(timeZone, wallMs - DAY_MS), offsetAt(timeZone, wallMs + DAY_MS)]);
  const candidates = [...offsets]
    .map((offset) => wallMs - offset)
    .filter((instant) => instant + offsetAt(timeZone, instant) === wallMs)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates.find((instant) => instant > afterMs);
  // Skipped by a jump forward: search the instant where local time passes from before `wallMs` to after it.
  let before = wallMs - Math.max(...offsets);
  let after = wallMs - Math.min(...offsets);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (middle + offsetAt(timeZone, middle) >= wallMs) after = middle;
    else before = middle;
  }
  return after > afterMs ? after : undefined;
}
