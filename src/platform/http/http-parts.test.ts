import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { etagFor, versionFromIfMatch } from './etag.ts';
import { parseJsonText, parseJsonTextStrictly } from './json-body.ts';
import { createRateLimiter } from './rate-limit.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('strict JSON bodies', () => {
  it('parses ordinary JSON', () => {
    expect(parseJsonText('{"a":[1,"二"]}')).toEqual({ a: [1, '二'] });
  });
  it.each([
    ['{"a":', 'MALFORMED_JSON'],
    ['{"a":"\\u0000"}', 'INVALID_TEXT'],
    ['{"a":"\\ud800"}', 'INVALID_TEXT'],
    ['{"a":1e400}', 'VALIDATION_FAILED'],
    ['{"__proto__":{"admin":true}}', 'VALIDATION_FAILED'],
  ])('refuses %s', (text, expected) => {
    expect(code(() => parseJsonText(text))).toBe(expected);
  });
  it('refuses a number too long to store even without an exponent', () => {
    expect(code(() => parseJsonText(`{"a":${'9'.repeat(400)}}`))).toBe('VALIDATION_FAILED');
  });
  it('answers exactly as the fully checked parse does, for any JSON text', () => {
    const outcome = (parse: (text: string) => unknown, text: string) => {
      try {
        return { value: parse(text) };
      } catch (error) {
        return { code: (error as AppError).code ?? 'SyntaxError' };
      }
    };
    const strictly = (text: string) => {
      try {
        return parseJsonTextStrictly(text);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('MALFORMED_JSON', 'x');
      }
    };
    const texts = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary' }).map((v) => JSON.stringify({ v })),
      fc.constantFrom('{"__proto__":1}', '{"a":"\\u0000"}', '[1e999]', `[${'1'.repeat(320)}]`, '{"constructor":{}}'),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(outcome(parseJsonText, text)).toEqual(outcome(strictly, text));
      }),
      { numRuns: 500 },
    );
  });
  it('keeps a proper surrogate pair', () => {
    expect(parseJsonText('"\\ud842\\udfb7"')).toBe('𠮷');
  });
});

describe('cursors and ETags', () => {
  it('round-trips a cursor and refuses forged ones', () => {
    const id = '01234567-89ab-7def-8123-456789abcdef';
    const at = '2026-11-22T00:00:00.000Z';
    expect(decodeCursor(encodeCursor([at, id]), ['timestamp', 'uuid'])).toEqual([at, id]);
    expect(decodeCursor(encodeCursor([null, id]), ['nullable-timestamp', 'uuid'])).toEqual([null, id]);
    expect(decodeCursor(encodeCursor(['P2', id]), ['priority', 'uuid'])).toEqual(['P2', id]);
    for (const forged of [
      'not-base64-json',
      encodeCursor([at]),
      Buffer.from('[{"x":1},"y"]').toString('base64url'),
      encodeCursor(['yesterday', id]),
      encodeCursor([at, "x' or 1=1"]),
      encodeCursor([null, id]),
      encodeCursor(['P9', id]),
    ]) {
      expect(
        code(() => decodeCursor(forged, ['timestamp', 'uuid'])),
        forged,
      ).toBe('INVALID_CURSOR');
    }
    expect(code(() => decodeCursor(encodeCursor(['P9', id]), ['priority', 'uuid']))).toBe('INVALID_CURSOR');
  });
  it('reads the version from an ETag it issued, and nothing else', () => {
    const id = '01234567-89ab-7def-8123-456789abcdef';
    expect(versionFromIfMatch(etagFor(id, 7), id)).toBe(7);
    expect(versionFromIfMatch(`W/${etagFor(id, 7)}`, id)).toBe(7);
    expect(versionFromIfMatch('"stale-etag"', id)).toBe(-1);
    expect(versionFromIfMatch(etagFor('ffffffff-0000-7000-8000-000000000000', 7), id)).toBe(-1);
    expect(code(() => versionFromIfMatch(undefined, id))).toBe('PRECONDITION_REQUIRED');
  });
});

describe('rate limiter', () => {
  it('allows the limit per minute, then tells how long to wait', () => {
    const limiter = createRateLimiter(3);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.hit('k', t0).allowed)).toEqual([true, true, true]);
    const blocked = limiter.hit('k', t0 + 15_000);
    expect(blocked).toMatchObject({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.hit('other', t0).allowed).toBe(true);
    expect(limiter.hit('k', t0 + 60_000).allowed).toBe(true);
  });
  it('is off at zero', () => {
    const limiter = createRateLimiter(0);
    expect(Array.from({ length: 100 }, () => limiter.hit('k', 0).allowed).every(Boolean)).toBe(true);
  });
});
