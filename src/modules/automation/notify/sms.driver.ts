import { isE164, type SmsConfig } from './channel-config.ts';
import { type DeliveryDeps, type DeliveryResult, networkOptions } from './delivery.ts';
import { DeliveryError } from './delivery-error.ts';
import { postJson } from './outbound-http.ts';

// SMS through a generic HTTP gateway. The gateway gets {to, text, signName?} and answers with JSON that may carry
// the message id as `id` or `messageId`. Chinese carriers prepend the signature as 【signName】 and bill per segment.

export type SmsMessage = { to: string; text: string };

// Long messages are refused rather than sent as a costly train of segments (Chinese gateways cap near 500).
export const MAX_SMS_CHARACTERS = 500;

// The GSM 03.38 default alphabet; the extension table's characters take two septets.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/**
 * How many SMS segments a text takes: GSM-7 text 160 septets in one message or 153 per part; anything else (any
 * Chinese character) UCS-2, 70 characters in one message or 67 per part. UCS-2 counts UTF-16 units, so an emoji
 * counts as two.
 */
export function smsSegments(text: string): number {
  if (text === '') return 0;
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

export async function sendSms(config: SmsConfig, message: SmsMessage, deps: DeliveryDeps): Promise<DeliveryResult> {
  if (!isE164(message.to)) {
    throw new DeliveryError('recipient_refused', 'The phone number is not in E.164 form (+8613800138000).', {
      retryable: false,
    });
  }
  const text = message.text.trim();
  if (text === '' || [...text].length > MAX_SMS_CHARACTERS) {
    throw new DeliveryError('invalid_message', `An SMS must have 1 to ${MAX_SMS_CHARACTERS} characters.`, {
      retryable: false,
    });
  }
  const body = { to: message.to, text, ...(config.signName === undefined ? {} : { signName: config.signName }) };
  const response = await postJson(config.url, body, {
    ...networkOptions(deps),
    headers: { authorization: `Bearer ${config.apiKey}` },
  });
  const segments = smsSegments(config.signName === undefined ? text : `【${config.signName}】${text}`);
  const providerMessageId = messageIdOf(response.body);
  return { ok: true, segments, ...(providerMessageId === undefined ? {} : { providerMessageId }) };
}

function messageIdOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  for (const key of ['messageId', 'id']) {
    const value: unknown = Reflect.get(parsed, key);
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}
