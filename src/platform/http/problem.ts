import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors/app-error.ts';
import { statusForCode } from '../errors/error-status.ts';

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemFor(code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  const status = statusForCode(code);
  // Extra members come first: an error's details can never replace the problem's own type, status or code.
  return {
    ...extra,
    type: `https://loopdesk.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

function fromValidation(error: FastifyError): Problem {
  const errors: FieldError[] = (error.validation ?? []).map((issue) => {
    const base = issue.instancePath || '';
    const params = issue.params as Record<string, unknown>;
    const field =
      typeof params.additionalProperty === 'string'
        ? `${base}/${params.additionalProperty}`
        : typeof params.missingProperty === 'string'
          ? `${base}/${params.missingProperty}`
          : base;
    const message =
      typeof params.additionalProperty === 'string' ? 'is not a known field' : (issue.message ?? 'is invalid');
    return { path: field || '/', message };
  });
  const where = error.validationContext ?? 'body';
  return problemFor(
    'VALIDATION_FAILED',
    `The ${where} is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    { errors },
  );
}

/** Everything leaving the server as an error is problem+json with a stable code, never a stack trace. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let problem: Problem;
    if (error instanceof AppError) {
      problem = problemFor(error.code, error.message, {
        ...(error.details ?? {}),
        ...(error.fieldErrors?.length ? { errors: error.fieldErrors } : {}),
      });
    } else if (error.validation) {
      problem = fromValidation(error);
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      problem = problemFor('PAYLOAD_TOO_LARGE', 'The request body is too large');
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      problem = problemFor('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    } else if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      problem = problemFor('MALFORMED_JSON', 'The request body is empty or its length is wrong');
    } else if (error.code === '23505' || error.code === '23503') {
      // A unique or foreign key violation the use case's checks could not foresee: a write that raced
      // another one (or a counter set back by hand). The statement wrote nothing, so retrying is safe.
      request.log.warn({ err: error }, 'integrity violation');
      problem = problemFor(
        'WRITE_CONFLICT',
        'The change collides with data written at the same time; nothing was saved. Try again.',
      );
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = problemFor(
        error.statusCode === 404
          ? 'NOT_FOUND'
          : error.statusCode === 413
            ? 'PAYLOAD_TOO_LARGE'
            : error.statusCode === 415
              ? 'UNSUPPORTED_MEDIA_TYPE'
              : 'VALIDATION_FAILED',
        error.message,
      );
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = problemFor('INTERNAL', 'Something went wrong on our side; it has been logged');
    }
    problem.instance = request.url.split('?')[0] ?? '';
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number')
      reply.header('retry-after', String(problem.retryAfterSeconds));
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemFor('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
