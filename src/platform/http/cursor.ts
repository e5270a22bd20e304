import { AppError } from '../errors/app-error.ts';
import { isUuid } from '../ids/ids.ts';

type CursorValue = string | number | null;
/** What one position of a cursor may hold; anything else is a cursor we did not issue. */
export type CursorPart = 'uuid' | 'timestamp' | 'text' | 'nullable-timestamp' | 'priority';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const ACCEPTS: Record<CursorPart, (value: CursorValue) => boolean> = {
  uuid: (v) => typeof v === 'string' && isUuid(v),
  timestamp: (v) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v)),
  'nullable-timestamp': (v) => v === null || ACCEPTS.timestamp(v),
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
  priority: (v) => typeof v === 'string' && /^P[1-4]$/.test(v),
};

/** Opaque cursors: the sort key of the last row seen, as base64url JSON. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, parts: CursorPart[]): CursorValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (
    Array.isArray(values) &&
    values.length === parts.length &&
    values.every((value, i) => ACCEPTS[parts[i] as CursorPart](value as CursorValue))
  ) {
    return values as CursorValue[];
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is not one this server issued');
}
