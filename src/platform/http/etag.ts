import { AppError } from '../errors/app-error.ts';

export function etagFor(id: string, version: number): string {
  return `"${id.slice(0, 8)}.${version}"`;
}

/** PATCH needs If-Match: missing → 428, otherwise the version it names (or -1 when it names none we issued). */
export function versionFromIfMatch(header: string | undefined, id: string): number {
  if (!header)
    throw new AppError(
      'PRECONDITION_REQUIRED',
      'Send If-Match with the ETag you read, to avoid overwriting someone else',
    );
  const match = /^(?:W\/)?"([0-9a-f]{8})\.(\d{1,9})"$/.exec(header.trim());
  if (!match || match[1] !== id.slice(0, 8)) return -1;
  return Number(match[2]);
}
