/**
 * Notification delivery for automation: logic-less templates, channel drivers (DingTalk and WeCom group robots,
 * signed webhooks, SMTP e-mail, HTTP SMS), the guarded outbound HTTP client they all use, and quiet hours.
 * Meant to be called from durable jobs: every sender either resolves with a DeliveryResult or throws a
 * DeliveryError that says whether (and after how long) a retry can help.
 */

/** Channel settings: kinds, their config types and the validator for admin input. */
export {
  CHANNEL_KINDS,
  type ChannelConfigCheckOptions,
  type ChannelConfigs,
  type ChannelKind,
  checkChannelConfig,
  type DingTalkConfig,
  type EmailConfig,
  isE164,
  isEmailAddress,
  type SmsConfig,
  type WebhookConfig,
  type WeComConfig,
} from './channel-config.ts';
/** One sender per kind, and `sendNotification(kind, config, message, deps)` to pick it. */
export { type ChannelMessages, SENDERS, type Sender, sendNotification } from './channels.ts';
/** What senders need (clock, network policy) and what they return. */
export type { DeliveryDeps, DeliveryResult, RobotMessage } from './delivery.ts';
/** The one failure type of a delivery: `retryable`, `retryAfterMs?`, `reason`. */
export { DeliveryError, type DeliveryFailureReason, isDeliveryError } from './delivery-error.ts';
/** DingTalk group robot: markdown, optional 加签 signature. */
export { dingTalkSignature, sendDingTalk, signDingTalkUrl } from './dingtalk.driver.ts';
/** SMTP e-mail marked auto-generated; never to no-reply, postmaster, mailer-daemon or the tenant's own mailboxes. */
export { type EmailMessage, refusedRecipient, sendEmail } from './email.driver.ts';
/** Whether an IP address may be reached by outbound calls. */
export { isPublicAddress } from './network-address.ts';
/** The guarded HTTP client for every outbound call (SSRF policy, pinned address, no redirects, timeout, size cap). */
export {
  type AddressPolicy,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type HostResolver,
  type HttpResponse,
  type PostOptions,
  parseRetryAfter,
  postJson,
  postText,
  type ResolvedAddress,
  resolveCheckedAddress,
} from './outbound-http.ts';
/** Quiet hours: when a non-urgent notification may go out. */
export { checkQuietHours, deliverAt, type NotificationPreferences, type QuietHours } from './quiet-hours.ts';
/** SMS through an HTTP gateway, with segment counting. */
export { MAX_SMS_CHARACTERS, type SmsMessage, sendSms, smsSegments } from './sms.driver.ts';
/** Logic-less `{{variable}}` templates. */
export {
  checkTemplate,
  escapeHtml,
  escapeRobotMarkdown,
  MAX_TEMPLATE_LENGTH,
  type RenderOptions,
  renderTemplate,
  TEMPLATE_VARIABLES,
  type TemplateEscape,
  type TemplateValues,
  type TemplateVariable,
  templateVariables,
  unknownVariables,
} from './templates.ts';
/** Signed outbound webhooks; `verifySignature` is for receivers and tests. */
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  sendWebhook,
  signWebhook,
  verifySignature,
  type WebhookEvent,
} from './webhook.driver.ts';
/** WeCom group robot: markdown. */
export { sendWeCom } from './wecom.driver.ts';
