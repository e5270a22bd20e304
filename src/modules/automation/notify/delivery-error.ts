import { AppError } from '../../../platform/errors/app-error.ts';

// Why a delivery failed, stable for logs, metrics and the job runner's dead-letter records.
export type DeliveryFailureReason =
  | 'invalid_target' // the URL or SMTP address cannot be used (scheme, credentials in the URL, malformed)
  | 'address_refused' // the host is or resolves to a loopback, private, link-local or otherwise internal address
  | 'dns_failed'
  | 'connection_failed'
  | 'timeout'
  | 'redirect' // a 3xx answer: redirects are never followed
  | 'http_status' // a non-2xx, non-3xx answer
  | 'response_too_large'
  | 'rate_limited' // the provider said "too fast"
  | 'provider_rejected' // the provider answered but refused the message (robot errcode, SMTP 5xx, auth)
  | 'recipient_refused' // we refuse to send to this recipient (no-reply, mailer-daemon, own mailbox, not E.164)
  | 'invalid_message'; // the message itself cannot be sent (too long, empty)

export type DeliveryErrorOptions = {
  retryable: boolean;
  retryAfterMs?: number | undefined;
  status?: number | undefined;
  providerCode?: string | number | undefined;
  cause?: unknown;
};

/**
 * A failed delivery. `retryable` tells the durable job whether another attempt can succeed; `retryAfterMs`,
 * when present, is the provider's own wish (Retry-After, a robot's per-minute limit) and should be honoured
 * as the lower bound of the next delay.
 */
export class DeliveryError extends AppError {
  override name = 'DeliveryError';
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly reason: DeliveryFailureReason;
  readonly status?: number;
  readonly providerCode?: string | number;

  constructor(reason: DeliveryFailureReason, message: string, options: DeliveryErrorOptions) {
    super('DELIVERY_FAILED', message, {
      details: {
        reason,
        retryable: options.retryable,
        ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
        ...(options.status === undefined ? {} : { status: options.status }),
        ...(options.providerCode === undefined ? {} : { providerCode: options.providerCode }),
      },
    });
    if (options.cause !== undefined) this.cause = options.cause;
    this.reason = reason;
    this.retryable = options.retryable;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
  }
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}
