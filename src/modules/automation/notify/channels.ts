import type { ChannelConfigs, ChannelKind } from './channel-config.ts';
import type { DeliveryDeps, DeliveryResult, RobotMessage } from './delivery.ts';
import { sendDingTalk } from './dingtalk.driver.ts';
import { type EmailMessage, sendEmail } from './email.driver.ts';
import { type SmsMessage, sendSms } from './sms.driver.ts';
import { sendWebhook, type WebhookEvent } from './webhook.driver.ts';
import { sendWeCom } from './wecom.driver.ts';

// The channels side by side: each kind has its settings (channel-config.ts), its message shape and its driver.

export type ChannelMessages = {
  dingtalk: RobotMessage;
  wecom: RobotMessage;
  webhook: WebhookEvent;
  email: EmailMessage;
  sms: SmsMessage;
};

export type Sender<K extends ChannelKind> = (
  config: ChannelConfigs[K],
  message: ChannelMessages[K],
  deps: DeliveryDeps,
) => Promise<DeliveryResult>;

export const SENDERS: { readonly [K in ChannelKind]: Sender<K> } = {
  dingtalk: sendDingTalk,
  wecom: sendWeCom,
  webhook: sendWebhook,
  email: sendEmail,
  sms: sendSms,
};

/** Sends one message through the channel of `kind`; resolves when the provider accepted it, else DeliveryError. */
export function sendNotification<K extends ChannelKind>(
  kind: K,
  config: ChannelConfigs[K],
  message: ChannelMessages[K],
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const send: Sender<K> = SENDERS[kind];
  return send(config, message, deps);
}

export { checkChannelConfig, isE164, isEmailAddress } from './channel-config.ts';
export { dingTalkSignature, sendDingTalk, signDingTalkUrl } from './dingtalk.driver.ts';
export { refusedRecipient, sendEmail } from './email.driver.ts';
export { sendSms, smsSegments } from './sms.driver.ts';
export { sendWebhook, signWebhook, verifySignature } from './webhook.driver.ts';
export { sendWeCom } from './wecom.driver.ts';
