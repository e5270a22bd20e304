import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// PostgreSQL text cannot hold NUL and lone surrogates would be stored as U+FFFD: refuse both at the door,
// along with numbers JSON can spell but nothing can store (1e400) and prototype-polluting keys.
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

function reviver(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor') {
    throw new AppError('VALIDATION_FAILED', `The key "${key}" is not allowed`);
  }
  if (typeof value === 'string' && !isStorableText(value)) {
    throw new AppError('INVALID_TEXT', 'Text contains a NUL character or an unpaired surrogate');
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new AppError('VALIDATION_FAILED', 'A number is too large');
  }
  return value;
}

// A body can only hold what the reviver refuses if its text shows one of these: a \u escape (NUL, a
// surrogate), a prototype key, an exponent or a 300-digit number. Without them the plain, much faster parse is enough.
const NEEDS_REVIVER = /\\u|"__proto__"|"constructor"|\d[eE]|\d{300}/;

/** Parses with every check applied, the slow way; exported so tests can hold the fast path to it. */
export function parseJsonTextStrictly(text: string): unknown {
  return JSON.parse(text, reviver);
}

export function parseJsonText(text: string): unknown {
  try {
    return NEEDS_REVIVER.test(text) ? JSON.parse(text, reviver) : JSON.parse(text);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('MALFORMED_JSON', 'The request body is not valid JSON');
  }
}

/** Strict JSON: valid UTF-8 only, no NUL, finite numbers, no prototype keys. */
export function registerJsonParser(app: FastifyInstance): void {
  // JSON only: every other media type is a 415, unless a plugin adds its own parser in its own scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(;.*)?$/i, { parseAs: 'buffer' }, (_request, body, done) => {
    const buffer = body as Buffer;
    if (buffer.length === 0) {
      done(null, undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(buffer);
    } catch {
      done(new AppError('INVALID_TEXT', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    try {
      done(null, parseJsonText(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
