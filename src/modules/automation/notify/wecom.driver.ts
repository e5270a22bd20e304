import type { WeComConfig } from './channel-config.ts';
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

// WeCom group robot (企业微信群机器人), markdown messages: 20 messages a minute per robot, content at most 4096
// bytes of UTF-8.

// 45009: API frequency limit reached; -1: system busy. Other errcodes (93000 bad key, 40008 bad message type …)
// are final.
const RETRYABLE_ERRCODES = new Map<number, number | undefined>([
  [45009, 60_000],
  [-1, undefined],
]);
const MAX_CONTENT_BYTES = 4096;

export async function sendWeCom(
  config: WeComConfig,
  message: RobotMessage,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  // WeCom markdown has no title field: the title leads the content in bold.
  const content = message.title === '' ? message.text : `**${message.title}**\n${message.text}`;
  const body = { msgtype: 'markdown', markdown: { content: truncateUtf8(content, MAX_CONTENT_BYTES) } };
  const response = await postJson(config.webhookUrl, body, networkOptions(deps));
  const answer = robotAnswer(response.body, 'WeCom');
  if (answer.errcode === 0) return { ok: true };
  const retryable = RETRYABLE_ERRCODES.has(answer.errcode);
  throw new DeliveryError(
    answer.errcode === 45009 ? 'rate_limited' : 'provider_rejected',
    `WeCom refused the message: ${answer.errcode} ${answer.errmsg}`.trim(),
    { retryable, retryAfterMs: RETRYABLE_ERRCODES.get(answer.errcode), providerCode: answer.errcode },
  );
}
