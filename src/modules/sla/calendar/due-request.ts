import type { FieldError } from '../../../platform/errors/app-error.ts';
import { parseCalendarDate } from './calendar-values.ts';

// `POST /api/v1/calendars/:id/due`: body `{start, minutes}`, answer `{due}` in ISO-8601 UTC.
export type DueRequest = { start: string; minutes: number };
export type DueResponse = { due: string };
export type DueRequestCheck = { ok: true; start: Date; minutes: number } | { ok: false; errors: FieldError[] };

// An instant needs its offset: "2026-09-30T17:30:00+08:00" or "…Z"; a bare local time is ambiguous and refused.
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export function checkDueRequest(input: unknown): DueRequestCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'The body must be a JSON object with "start" and "minutes".' }] };
  }
  const body: Record<string, unknown> = { ...input };
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'start' && key !== 'minutes')
      errors.push({ path: `/${key}`, message: `"${key}" is not a field here.` });
  }
  const start = typeof body.start === 'string' ? parseInstant(body.start) : undefined;
  if (start === undefined) {
    errors.push({
      path: '/start',
      message: 'start must be an ISO-8601 date-time with an offset, such as "2026-09-30T17:30:00+08:00".',
    });
  }
  const { minutes } = body;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    errors.push({ path: '/minutes', message: 'minutes must be a number of business minutes, 0 or more.' });
  }
  if (errors.length > 0 || start === undefined || typeof minutes !== 'number') return { ok: false, errors };
  return { ok: true, start, minutes };
}

export function dueResponse(due: Date): DueResponse {
  return { due: due.toISOString() };
}

function parseInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text);
  if (match === null || parseCalendarDate(match[1] ?? '') === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
