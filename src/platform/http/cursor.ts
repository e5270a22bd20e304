import { AppError } from '../errors/app-error.ts';

/** Opaque cursors: the sort key of the last row seen, as base64url JSON. */
export function encodeCursor(values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number | null)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    ) {
      return values as (string | number | null)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is not one this server issued');
}
