import { createHmac } from 'node:crypto';
import type { DingTalkConfig } from './channel-config.ts';
import {
  type DeliveryDeps,
  type DeliveryResult,
  networkOptions,
  type RobotMessage,
  robotAnswer,
  truncateUtf8,
} from './delivery.ts';
import { DeliveryError } from './delivery-error.ts';
import { postJson } from './outbound-http.ts';

// DingTalk custom group robot (自定义机器人), markdown messages. Limits: 20 messages a minute per robot; a
// signed request must reach DingTalk within an hour of its timestamp.

// errcodes that mean "too fast" or "busy, try again": 130101 send too fast (over 20 a minute), 660026 robot sends
// too frequently, -1 system busy. Every other non-zero errcode (bad token 300001, bad signature 310000, keyword
// missing, 90030 monthly webhook quota used up …) will not get better by retrying and is final.
const RETRYABLE_ERRCODES = new Map<number, number | undefined>([
  [130101, 60_000],
  [660026, 60_000],
  [-1, undefined],
]);
const MAX_TEXT_BYTES = 20_000;
const MOBILE = /^\+?\d{6,15}$/;

/** `base64(HMAC-SHA256(secret, "<timestamp>\n<secret>"))`, URL-encoded, as DingTalk's 加签 documents it. */
export function dingTalkSignature(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** The webhook URL with `timestamp` and `sign` appended (any earlier ones replaced). */
export function signDingTalkUrl(webhookUrl: string, secret: string, timestampMs: number): string {
  const url = new URL(webhookUrl);
  // Touch the query only when it must change: re-serialising it could re-encode the access token.
  if (url.searchParams.has('timestamp') || url.searchParams.has('sign')) {
    url.searchParams.delete('timestamp');
    url.searchParams.delete('sign');
  }
  const separator = url.search === '' ? '?' : '&';
  return `${url.toString()}${separator}timestamp=${timestampMs}&sign=${dingTalkSignature(secret, timestampMs)}`;
}

export async function sendDingTalk(
  config: DingTalkConfig,
  message: RobotMessage,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const atMobiles = [...(message.atMobiles ?? [])];
  const badMobile = atMobiles.find((mobile) => !MOBILE.test(mobile));
  if (badMobile !== undefined) {
    throw new DeliveryError('invalid_message', `"${badMobile}" is not a mobile number to mention.`, {
      retryable: false,
    });
  }
  // DingTalk highlights a mention only when the text also carries "@<mobile>".
  const mentions = atMobiles.filter((mobile) => !message.text.includes(`@${mobile}`)).map((mobile) => `@${mobile}`);
  const text = truncateUtf8(
    mentions.length > 0 ? `${message.text}\n\n${mentions.join(' ')}` : message.text,
    MAX_TEXT_BYTES,
  );
  const body = {
    msgtype: 'markdown',
    markdown: { title: message.title, text },
    ...(atMobiles.length > 0 ? { at: { atMobiles, isAtAll: false } } : {}),
  };
  const url =
    config.secret === undefined
      ? config.webhookUrl
      : signDingTalkUrl(config.webhookUrl, config.secret, deps.clock.now().getTime());
  const response = await postJson(url, body, networkOptions(deps));
  const answer = robotAnswer(response.body, 'DingTalk');
  if (answer.errcode === 0) return { ok: true };
  const retryable = RETRYABLE_ERRCODES.has(answer.errcode);
  const retryAfterMs = RETRYABLE_ERRCODES.get(answer.errcode);
  throw new DeliveryError(
    retryable && answer.errcode !== -1 ? 'rate_limited' : 'provider_rejected',
    `DingTalk refused the message: ${answer.errcode} ${answer.errmsg}`.trim(),
    { retryable, retryAfterMs, providerCode: answer.errcode },
  );
}
