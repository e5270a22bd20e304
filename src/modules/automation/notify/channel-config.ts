import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';
import { isPublicAddress } from './network-address.ts';

// Per-channel settings as an admin enters them, validated once before they are stored. Secrets live here too
// (robot signing secret, webhook secret, SMTP password, SMS key); the store encrypts them, this file only checks.

export const CHANNEL_KINDS = ['dingtalk', 'wecom', 'webhook', 'email', 'sms'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** `https://oapi.dingtalk.com/robot/send?access_token=…`; `secret` (SEC…) when the robot uses 加签. */
export type DingTalkConfig = { webhookUrl: string; secret?: string };
/** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` */
export type WeComConfig = { webhookUrl: string };
/** The receiver's URL and the shared secret that signs every request. */
export type WebhookConfig = { url: string; secret: string };
/**
 * `smtps://user:pass@host:465` (TLS from the start) or `smtp://user:pass@host:587` (STARTTLS, required unless
 * `requireTls` is false). `from` is the tenant's sender; Message-IDs use `messageIdDomain`, by default the domain
 * of `from`. `ownMailboxes` are the tenant's own addresses (support inboxes): never notified, to avoid mail loops.
 */
export type EmailConfig = {
  smtpUrl: string;
  from: { address: string; name?: string };
  ownMailboxes?: string[];
  requireTls?: boolean;
  messageIdDomain?: string;
};
/** A generic HTTP SMS gateway: POST {to, text, signName?} with `Authorization: Bearer <apiKey>`. */
export type SmsConfig = { url: string; apiKey: string; signName?: string };

export type ChannelConfigs = {
  dingtalk: DingTalkConfig;
  wecom: WeComConfig;
  webhook: WebhookConfig;
  email: EmailConfig;
  sms: SmsConfig;
};

export type ChannelConfigCheckOptions = {
  // Test and self-hosted flag: accept http:// URLs and plaintext SMTP (requireTls: false).
  allowInsecure?: boolean;
  // Accept URLs whose host is a literal private or loopback address (names are checked at send time anyway).
  allowPrivateNetworks?: boolean;
};

const MAX_URL_LENGTH = 2048;
const EMAIL_ADDRESS =
  /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DOMAIN_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
// "SEC" and the key DingTalk shows (64 hex characters today; the exact length is not documented).
const DINGTALK_SECRET = /^SEC[0-9A-Za-z]{32,128}$/;
const NO_CONTROL = /^[^\p{Cc}]*$/u;

/** A single plain address `local@domain.tld` (no display name, no list), at most 254 characters. */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL_ADDRESS.test(text);
}

/** E.164: "+" then the country code and number, 8 to 15 digits in all (e.g. +8613800138000). */
export function isE164(text: string): boolean {
  return E164.test(text);
}

type Checker<K extends ChannelKind> = (
  input: Record<string, unknown>,
  errors: FieldError[],
  options: ChannelConfigCheckOptions,
) => ChannelConfigs[K];

const CHECKERS: { [K in ChannelKind]: { fields: readonly string[]; check: Checker<K> } } = {
  dingtalk: {
    fields: ['webhookUrl', 'secret'],
    check: (input, errors, options) => {
      const webhookUrl = checkUrl(input.webhookUrl, '/webhookUrl', errors, options, 'access_token');
      const secret = optionalString(input.secret, '/secret', errors, (text) =>
        DINGTALK_SECRET.test(text) ? undefined : 'The signing secret starts with "SEC" followed by letters and digits.',
      );
      return { webhookUrl, ...(secret === undefined ? {} : { secret }) };
    },
  },
  wecom: {
    fields: ['webhookUrl'],
    check: (input, errors, options) => ({
      webhookUrl: checkUrl(input.webhookUrl, '/webhookUrl', errors, options, 'key'),
    }),
  },
  webhook: {
    fields: ['url', 'secret'],
    check: (input, errors, options) => ({
      url: checkUrl(input.url, '/url', errors, options),
      secret: requiredString(input.secret, '/secret', errors, (text) =>
        text.length < 24 || text.length > 256 || /\s/.test(text)
          ? 'The signing secret must be 24 to 256 characters without spaces.'
          : undefined,
      ),
    }),
  },
  email: {
    fields: ['smtpUrl', 'from', 'ownMailboxes', 'requireTls', 'messageIdDomain'],
    check: (input, errors, options) => {
      const smtpUrl = checkSmtpUrl(input.smtpUrl, errors, options);
      const from = checkFrom(input.from, errors);
      const config: EmailConfig = { smtpUrl, from };
      if (input.ownMailboxes !== undefined) {
        if (!Array.isArray(input.ownMailboxes) || input.ownMailboxes.length > 100) {
          errors.push({ path: '/ownMailboxes', message: 'Give a list of at most 100 e-mail addresses.' });
        } else {
          config.ownMailboxes = input.ownMailboxes.map((address, index) =>
            requiredString(address, `/ownMailboxes/${index}`, errors, (text) =>
              isEmailAddress(text) ? undefined : 'This is not an e-mail address.',
            ),
          );
        }
      }
      if (input.requireTls !== undefined) {
        if (typeof input.requireTls !== 'boolean') {
          errors.push({ path: '/requireTls', message: 'Give true or false.' });
        } else if (!input.requireTls && !options.allowInsecure) {
          errors.push({ path: '/requireTls', message: 'Mail is only sent over TLS.' });
        } else {
          config.requireTls = input.requireTls;
        }
      }
      const domain = optionalString(input.messageIdDomain, '/messageIdDomain', errors, (text) =>
        DOMAIN_NAME.test(text) ? undefined : 'Give a domain name such as "example.com".',
      );
      if (domain !== undefined) config.messageIdDomain = domain;
      return config;
    },
  },
  sms: {
    fields: ['url', 'apiKey', 'signName'],
    check: (input, errors, options) => {
      const url = checkUrl(input.url, '/url', errors, options);
      const apiKey = requiredString(input.apiKey, '/apiKey', errors, (text) =>
        text.length > 512 || !/^[\x21-\x7e]+$/.test(text)
          ? 'The API key must be visible ASCII, at most 512.'
          : undefined,
      );
      const signName = optionalString(input.signName, '/signName', errors, (text) =>
        text.length > 20 || /[【】[\]]/.test(text)
          ? 'The signature is at most 20 characters, without brackets.'
          : undefined,
      );
      return { url, apiKey, ...(signName === undefined ? {} : { signName }) };
    },
  },
};

/** Validates an admin's settings for one channel kind; throws VALIDATION_FAILED with a path per bad field. */
export function checkChannelConfig<K extends ChannelKind>(
  kind: K,
  input: unknown,
  options: ChannelConfigCheckOptions = {},
): ChannelConfigs[K] {
  if (!Object.hasOwn(CHECKERS, kind)) {
    throw validationFailed('Unknown channel.', [{ path: '/kind', message: `Use one of ${CHANNEL_KINDS.join(', ')}.` }]);
  }
  if (!isRecord(input)) {
    throw validationFailed('The channel settings are not valid.', [{ path: '', message: 'Expected an object.' }]);
  }
  const { fields, check } = CHECKERS[kind];
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!fields.includes(key)) errors.push({ path: `/${key}`, message: `"${key}" is not a ${kind} setting.` });
  }
  const config = check(input, errors, options);
  if (errors.length > 0) throw validationFailed('The channel settings are not valid.', errors);
  return config;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(
  value: unknown,
  path: string,
  errors: FieldError[],
  problem: (text: string) => string | undefined,
): string {
  if (typeof value !== 'string' || value === '') {
    errors.push({ path, message: 'Required.' });
    return '';
  }
  const message = NO_CONTROL.test(value) ? problem(value) : 'Control characters are not allowed.';
  if (message !== undefined) errors.push({ path, message });
  return value;
}

function optionalString(
  value: unknown,
  path: string,
  errors: FieldError[],
  problem: (text: string) => string | undefined,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requiredString(value, path, errors, problem);
}

function checkUrl(
  value: unknown,
  path: string,
  errors: FieldError[],
  options: ChannelConfigCheckOptions,
  requiredParameter?: string,
): string {
  const text = requiredString(value, path, errors, (candidate) =>
    candidate.length > MAX_URL_LENGTH ? `At most ${MAX_URL_LENGTH} characters.` : undefined,
  );
  if (text === '' || text.length > MAX_URL_LENGTH) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    errors.push({ path, message: 'This is not a URL.' });
    return text;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowInsecure)) {
    errors.push({ path, message: 'The URL must start with https://.' });
  } else if (url.username !== '' || url.password !== '') {
    errors.push({ path, message: 'Put no user name or password in the URL.' });
  } else if (!options.allowPrivateNetworks && isLiteralAddress(url.hostname) && !isPublicAddress(url.hostname)) {
    errors.push({ path, message: 'The URL points to an internal address.' });
  } else if (requiredParameter !== undefined && !url.searchParams.get(requiredParameter)) {
    errors.push({ path, message: `The robot URL has no ${requiredParameter}: copy the whole webhook address.` });
  }
  return text;
}

function isLiteralAddress(hostname: string): boolean {
  return hostname.startsWith('[') || /^[\d.]+$/.test(hostname);
}

function checkSmtpUrl(value: unknown, errors: FieldError[], options: ChannelConfigCheckOptions): string {
  const path = '/smtpUrl';
  const text = requiredString(value, path, errors, () => undefined);
  if (text === '') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    errors.push({ path, message: 'Give an smtp:// or smtps:// URL.' });
    return text;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    errors.push({ path, message: 'Give an smtp:// or smtps:// URL.' });
  } else if (url.hostname === '') {
    errors.push({ path, message: 'The SMTP URL has no host.' });
  } else if (!options.allowPrivateNetworks && isLiteralAddress(url.hostname) && !isPublicAddress(url.hostname)) {
    errors.push({ path, message: 'The SMTP server is an internal address.' });
  } else if (url.pathname !== '' && url.pathname !== '/') {
    errors.push({ path, message: 'The SMTP URL takes no path.' });
  }
  return text;
}

function checkFrom(value: unknown, errors: FieldError[]): EmailConfig['from'] {
  if (!isRecord(value)) {
    errors.push({ path: '/from', message: 'Give the sender as {address, name}.' });
    return { address: '' };
  }
  for (const key of Object.keys(value)) {
    if (key !== 'address' && key !== 'name')
      errors.push({ path: `/from/${key}`, message: `"${key}" is not a sender field.` });
  }
  const address = requiredString(value.address, '/from/address', errors, (text) =>
    isEmailAddress(text) ? undefined : 'This is not an e-mail address.',
  );
  const name = optionalString(value.name, '/from/name', errors, (text) =>
    text.length > 100 ? 'At most 100 characters.' : undefined,
  );
  return { address, ...(name === undefined ? {} : { name }) };
}
