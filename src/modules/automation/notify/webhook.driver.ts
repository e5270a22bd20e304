import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookConfig } from './channel-config.ts';
import { type DeliveryDeps, type DeliveryResult, networkOptions } from './delivery.ts';
import { DeliveryError } from './delivery-error.ts';
import { postText } from './outbound-http.ts';

// Outbound webhooks. The body is the event envelope; `id` is the event's own id, the same on every retry, so that
// receivers can drop duplicates (delivery is at least once). Events carry no ordering promise: receivers compare
// a version inside `data`. Each request is signed Stripe-style:
//   Loopdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

/** The event envelope a webhook receives. `createdAt` is ISO 8601. */
export type WebhookEvent = {
  id: string;
  type: string;
  createdAt: string;
  tenantId: string;
  data: unknown;
};

export const SIGNATURE_HEADER = 'Loopdesk-Signature';
export const EVENT_ID_HEADER = 'Loopdesk-Event-Id';
export const EVENT_TYPE_HEADER = 'Loopdesk-Event-Type';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8');
  mac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return mac.digest('hex');
}

/** The Loopdesk-Signature header value for a raw body at a Unix time (seconds). */
export function signWebhook(secret: string, rawBody: string | Uint8Array, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

/**
 * Checks a Loopdesk-Signature header against the raw body as received (before any JSON parsing). True when the
 * timestamp is within `toleranceSeconds` of `now` and one `v1` matches one of `secrets` (several during a secret
 * rotation). Comparisons are constant-time and do not stop at the first match.
 */
export function verifySignature(
  header: string | null | undefined,
  rawBody: string | Uint8Array,
  secrets: readonly string[],
  toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  now: Date = new Date(),
): boolean {
  if (typeof header !== 'string' || header.length > 4096) return false;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  let matched = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
    for (const signature of signatures) {
      if (timingSafeEqual(expected, signature)) matched = true;
    }
  }
  return matched;
}

export async function sendWebhook(
  config: WebhookConfig,
  event: WebhookEvent,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  // Both go into headers: visible ASCII only.
  if (!/^[\x21-\x7e]{1,200}$/.test(event.id) || !/^[\x21-\x7e]{1,200}$/.test(event.type)) {
    throw new DeliveryError('invalid_message', 'Webhook event ids and types must be 1–200 visible ASCII characters.', {
      retryable: false,
    });
  }
  const rawBody = JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    tenantId: event.tenantId,
    data: event.data,
  });
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  await postText(config.url, rawBody, 'application/json; charset=utf-8', {
    ...networkOptions(deps),
    headers: {
      [SIGNATURE_HEADER]: signWebhook(config.secret, rawBody, timestamp),
      [EVENT_ID_HEADER]: event.id,
      [EVENT_TYPE_HEADER]: event.type,
    },
  });
  return { ok: true };
}
