import type { Clock } from '../../../platform/clock/clock.ts';
import { DeliveryError } from './delivery-error.ts';
import type { HostResolver } from './outbound-http.ts';

/** What a sender needs from outside: the clock (signatures, timestamps) and the network policy. */
export type DeliveryDeps = {
  clock: Clock;
  // False in production; tests and self-hosted setups that deliver inside their own network set it.
  allowPrivateNetworks: boolean;
  resolve?: HostResolver;
  timeoutMs?: number;
};

/** A delivery the provider accepted. SMS results also say how many billable segments were sent. */
export type DeliveryResult = { ok: true; providerMessageId?: string; segments?: number };

/** A message for a DingTalk or WeCom group robot: `text` is robot markdown, rendered with escape 'markdown'. */
export type RobotMessage = {
  title: string;
  text: string;
  // DingTalk only: mobile numbers to @-mention (WeCom markdown has no mobile mentions).
  atMobiles?: readonly string[];
};

export function networkOptions(deps: DeliveryDeps) {
  return {
    allowPrivateNetworks: deps.allowPrivateNetworks,
    ...(deps.resolve === undefined ? {} : { resolve: deps.resolve }),
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  };
}

// Robots answer HTTP 200 with {errcode, errmsg}; anything else than an object with a numeric errcode is a failure.
export function robotAnswer(body: string, robot: string): { errcode: number; errmsg: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('errcode' in parsed) || typeof parsed.errcode !== 'number') {
    throw new DeliveryError('provider_rejected', `The ${robot} robot answered something that is not its JSON reply.`, {
      retryable: false,
    });
  }
  const errmsg = 'errmsg' in parsed && typeof parsed.errmsg === 'string' ? parsed.errmsg : '';
  return { errcode: parsed.errcode, errmsg };
}

// Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut with "…".
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  const budget = maxBytes - 3; // "…" is three bytes
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return `${text.slice(0, end)}…`;
}
