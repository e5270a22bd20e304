import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function createAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? 'array' : false,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are validated strictly (no type coercion, unknown fields refused); query strings and
 * path parameters are text on the wire, so those are coerced.
 */
export function schemaValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = createAjv(false);
  const coercing = createAjv(true);
  const cache = new WeakMap<object, ValidateFunction>();
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    const key = schema as object;
    let validate = httpPart === 'body' ? cache.get(key) : undefined;
    if (!validate) {
      validate = ajv.compile(schema as object);
      if (httpPart === 'body') cache.set(key, validate);
    }
    return validate as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
