import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import { type EmailConfig, isEmailAddress } from './channel-config.ts';
import { type DeliveryDeps, type DeliveryResult, networkOptions } from './delivery.ts';
import { DeliveryError } from './delivery-error.ts';
import { resolveCheckedAddress } from './outbound-http.ts';
import { escapeHtml } from './templates.ts';

// Notification e-mail over SMTP (nodemailer). Marked as automatic (RFC 3834 Auto-Submitted, Precedence: bulk,
// X-Auto-Response-Suppress for Exchange) so that autoresponders stay quiet, and never sent to addresses that
// answer automatically or to the tenant's own mailboxes: either could start a mail loop.

/** `id` is the notification's stable id: the Message-ID is built from it, so a retried send has the same one. */
export type EmailMessage = { id: string; to: string; subject: string; text: string };

const DEFAULT_TIMEOUT_MS = 15_000;
// Local parts that belong to mail software, not people (compared without "+tag", case-insensitively).
const AUTOMATIC_LOCAL_PARTS = new Set([
  'mailer-daemon',
  'postmaster',
  'noreply',
  'no-reply',
  'no_reply',
  'donotreply',
  'do-not-reply',
  'do_not_reply',
]);

/** Why a recipient is refused, or undefined when mail may go to it. */
export function refusedRecipient(address: string, config: EmailConfig): string | undefined {
  if (!isEmailAddress(address)) return 'is not a single e-mail address';
  const lower = address.toLowerCase();
  const [local = '', domain = ''] = splitAddress(lower);
  const base = local.split('+')[0] ?? local;
  if (AUTOMATIC_LOCAL_PARTS.has(base)) return 'is an automatic mailbox (no-reply, postmaster, mailer-daemon)';
  const own = [config.from.address, ...(config.ownMailboxes ?? [])].map((mailbox) => {
    const [ownLocal = '', ownDomain = ''] = splitAddress(mailbox.toLowerCase());
    return `${ownLocal.split('+')[0] ?? ownLocal}@${ownDomain}`;
  });
  if (own.includes(`${base}@${domain}`)) return "is one of the tenant's own mailboxes";
  return undefined;
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}

export async function sendEmail(
  config: EmailConfig,
  message: EmailMessage,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const refusal = refusedRecipient(message.to, config);
  if (refusal !== undefined) {
    throw new DeliveryError('recipient_refused', `Not sending to ${message.to}: it ${refusal}.`, { retryable: false });
  }
  const smtp = parseSmtpUrl(config.smtpUrl);
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { address } = await resolveCheckedAddress(
    smtp.hostname,
    { ...networkOptions(deps), timeoutMs },
    `The SMTP server ${smtp.hostname}`,
  );
  const domain = config.messageIdDomain ?? splitAddress(config.from.address)[1];
  const transport = createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.secure,
    // The TLS certificate is checked against the name, while the connection goes to the checked address.
    ...(isIP(smtp.hostname) === 0 ? { servername: smtp.hostname } : {}),
    requireTLS: !smtp.secure && config.requireTls !== false,
    ...(smtp.auth === undefined ? {} : { auth: smtp.auth }),
    name: domain,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    logger: false,
  });
  try {
    const info = await transport.sendMail({
      from:
        config.from.name === undefined ? config.from.address : { name: config.from.name, address: config.from.address },
      to: message.to,
      subject: oneLine(message.subject),
      text: message.text,
      html: htmlBody(message.text),
      messageId: `<${messageIdLocalPart(message.id)}@${domain}>`,
      headers: {
        'Auto-Submitted': 'auto-generated',
        Precedence: 'bulk',
        'X-Auto-Response-Suppress': 'All',
      },
      // Nothing in a notification may make nodemailer read a file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return { ok: true, providerMessageId: info.messageId };
  } catch (error) {
    throw smtpError(error);
  } finally {
    transport.close();
  }
}

type SmtpTarget = {
  hostname: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
};

function parseSmtpUrl(text: string): SmtpTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeliveryError('invalid_target', 'The SMTP URL is not valid.', { retryable: false });
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new DeliveryError('invalid_target', 'The SMTP URL must start with smtp:// or smtps://.', {
      retryable: false,
    });
  }
  const secure = url.protocol === 'smtps:';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
  const target: SmtpTarget = { hostname, port, secure };
  if (url.username !== '') {
    target.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  }
  return target;
}

function smtpError(error: unknown): DeliveryError {
  const code = readProperty(error, 'code');
  const responseCode = readProperty(error, 'responseCode');
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof responseCode === 'number') {
    // 4xx is "try again later" in SMTP, 5xx is final.
    const retryable = responseCode < 500;
    return new DeliveryError('provider_rejected', `The SMTP server refused: ${detail}`, {
      retryable,
      providerCode: responseCode,
      cause: error,
    });
  }
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'ECONFIG' || code === 'EENVELOPE') {
    return new DeliveryError('provider_rejected', `Sending mail failed: ${detail}`, {
      retryable: false,
      providerCode: code,
      cause: error,
    });
  }
  const timedOut = code === 'ETIMEDOUT';
  return new DeliveryError(timedOut ? 'timeout' : 'connection_failed', `Sending mail failed: ${detail}`, {
    retryable: true,
    ...(typeof code === 'string' ? { providerCode: code } : {}),
    cause: error,
  });
}

function readProperty(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function messageIdLocalPart(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 128);
  return `loopdesk.${safe === '' ? 'notification' : safe}`;
}

function htmlBody(text: string): string {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body>\n${paragraphs}\n</body></html>`;
}
