/**
 * The one error type the domain throws. `code` is stable and documented; the HTTP edge maps it
 * to a status in errors/error-status.ts. Messages are safe to show to the caller.
 */
export type FieldError = { path: string; message: string };

export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; fieldErrors?: FieldError[] } = {},
  ) {
    super(message);
    this.code = code;
    this.details = options.details;
    this.fieldErrors = options.fieldErrors;
  }
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

export function validationFailed(message: string, fieldErrors: FieldError[] = []): AppError {
  return new AppError('VALIDATION_FAILED', message, { fieldErrors });
}
