import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock/clock.ts';
import { checkChannelConfig, type EmailConfig } from './channel-config.ts';
import type { DeliveryDeps } from './delivery.ts';
import { DeliveryError } from './delivery-error.ts';
import { type EmailMessage, refusedRecipient, sendEmail } from './email.driver.ts';

// A real SMTP server on loopback (smtp-server) captures what nodemailer sends.

type Captured = { from: string; to: string[]; raw: string };
type MailServer = { port: number; messages: Captured[]; connections(): number; close(): Promise<void> };

const servers: MailServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startMailServer(options: Partial<SMTPServerOptions> = {}): Promise<MailServer> {
  const messages: Captured[] = [];
  let connections = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onConnect: (_session, callback) => {
      connections += 1;
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const started = {
    port,
    messages,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(started);
  return started;
}

const deps: DeliveryDeps = { clock: fixedClock('2026-11-22T12:00:00Z'), allowPrivateNetworks: true, timeoutMs: 5000 };

function configFor(port: number, overrides: Record<string, unknown> = {}): EmailConfig {
  return checkChannelConfig(
    'email',
    {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: { address: 'service@haier-fuwu.example.cn', name: '海尔服务中心' },
      ownMailboxes: ['support@haier-fuwu.example.cn'],
      requireTls: false,
      ...overrides,
    },
    { allowInsecure: true, allowPrivateNetworks: true },
  );
}

const message: EmailMessage = {
  id: 'evt_01JD5Z',
  to: 'wang@customer.example.com',
  subject: '工单 T-20261122-0042 已分派给李工',
  text: '王先生您好:\n\n您的工单「空调不制冷了」已分派给李工,预计明天上午 9:30 上门。\n<script>alert(1)</script>',
};

// Minimal MIME reading for the assertions: headers, encoded words, base64 / quoted-printable parts.
function headersOf(raw: string): Map<string, string> {
  const head = raw.split(/\r\n\r\n/)[0] ?? '';
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_match, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function part(raw: string, contentType: string): string {
  const sections = raw.split(/\r\n--[^\r\n]+\r\n/);
  const section = sections.find((candidate) => new RegExp(`^content-type: ${contentType}`, 'im').test(candidate));
  if (section === undefined) throw new Error(`no ${contentType} part`);
  const [head = '', ...rest] = section.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n').replace(/\r\n--[^\r\n]*--\r\n?$/, '');
  if (/content-transfer-encoding: base64/i.test(head)) return Buffer.from(body, 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head)) return decodeQuotedPrintable(body);
  return body;
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected a DeliveryError');
}

describe('sendEmail', () => {
  it('delivers a Chinese notification marked as automatic, with text and escaped HTML', async () => {
    const server = await startMailServer();
    const result = await sendEmail(configFor(server.port), message, deps);
    expect(result).toEqual({ ok: true, providerMessageId: '<loopdesk.evt_01JD5Z@haier-fuwu.example.cn>' });
    const [mail] = server.messages;
    if (mail === undefined) throw new Error('no mail captured');
    expect(mail.from).toBe('service@haier-fuwu.example.cn');
    expect(mail.to).toEqual(['wang@customer.example.com']);
    const headers = headersOf(mail.raw);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(headers.get('precedence')).toBe('bulk');
    expect(headers.get('x-auto-response-suppress')).toBe('All');
    expect(headers.get('message-id')).toBe('<loopdesk.evt_01JD5Z@haier-fuwu.example.cn>');
    expect(decodeWords(headers.get('subject') ?? '')).toBe(message.subject);
    expect(decodeWords(headers.get('from') ?? '')).toContain('海尔服务中心');
    expect(part(mail.raw, 'text/plain').replace(/\r\n/g, '\n')).toBe(message.text);
    const html = part(mail.raw, 'text/html');
    expect(html).toContain('您的工单「空调不制冷了」已分派给李工');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('keeps the Message-ID of a retried notification', async () => {
    const server = await startMailServer();
    await sendEmail(configFor(server.port), message, deps);
    await sendEmail(configFor(server.port), message, deps);
    const ids = server.messages.map((mail) => headersOf(mail.raw).get('message-id'));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('logs in with the credentials of the SMTP URL', async () => {
    const logins: string[] = [];
    const server = await startMailServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => {
        logins.push(`${auth.username}:${auth.password}`);
        callback(null, { user: auth.username });
      },
    });
    await sendEmail(
      configFor(server.port, { smtpUrl: `smtp://notify%40example.cn:p%40ss%3Aw0rd@127.0.0.1:${server.port}` }),
      message,
      deps,
    );
    expect(logins).toEqual(['notify@example.cn:p@ss:w0rd']);
    expect(server.messages).toHaveLength(1);
  });

  it.each([
    'noreply@customer.example.com',
    'No-Reply@customer.example.com',
    'no-reply+tickets@customer.example.com',
    'MAILER-DAEMON@customer.example.com',
    'postmaster@customer.example.com',
    'donotreply@customer.example.com',
    'service@haier-fuwu.example.cn',
    'Support+x@haier-fuwu.example.cn',
    'two@a.example, three@b.example',
    'wang@customer.example.com\r\nBcc: all@example.com',
  ])('refuses to send to %s without connecting', async (to) => {
    const server = await startMailServer();
    const error = await failure(sendEmail(configFor(server.port), { ...message, to }, deps));
    expect(error.reason).toBe('recipient_refused');
    expect(error.retryable).toBe(false);
    expect(server.connections()).toBe(0);
  });

  it('treats a permanent SMTP refusal as final and a temporary one as retryable', async () => {
    const rejecting = await startMailServer({
      onRcptTo: (address, _session, callback) => {
        const error = Object.assign(new Error(address.address.startsWith('busy') ? 'try later' : 'no such user'), {
          responseCode: address.address.startsWith('busy') ? 451 : 550,
        });
        callback(error);
      },
    });
    const permanent = await failure(sendEmail(configFor(rejecting.port), message, deps));
    expect(permanent.reason).toBe('provider_rejected');
    expect(permanent.retryable).toBe(false);
    expect(permanent.providerCode).toBe(550);
    const temporary = await failure(
      sendEmail(configFor(rejecting.port), { ...message, to: 'busy@customer.example.com' }, deps),
    );
    expect(temporary.retryable).toBe(true);
    expect(temporary.providerCode).toBe(451);
  });

  it('refuses an SMTP server on an internal address in production mode', async () => {
    const server = await startMailServer();
    const error = await failure(sendEmail(configFor(server.port), message, { ...deps, allowPrivateNetworks: false }));
    expect(error.reason).toBe('address_refused');
    expect(server.connections()).toBe(0);
  });

  it('requires STARTTLS on smtp:// unless the config turns it off', async () => {
    const server = await startMailServer();
    const config = configFor(server.port);
    delete config.requireTls;
    const error = await failure(sendEmail(config, message, deps));
    // The server refuses STARTTLS (500): nothing is sent in clear, and retrying will not change that.
    expect(error.message).toContain('STARTTLS');
    expect(error.retryable).toBe(false);
    expect(server.messages).toHaveLength(0);
  });

  it('reports an unreachable SMTP server as retryable', async () => {
    const server = await startMailServer();
    const port = server.port;
    await server.close();
    servers.splice(0);
    const error = await failure(sendEmail(configFor(port), message, deps));
    expect(error.reason).toBe('connection_failed');
    expect(error.retryable).toBe(true);
  });
});

describe('refusedRecipient', () => {
  const config = configFor(25);
  it('accepts an ordinary customer address', () => {
    expect(refusedRecipient('li.si@example.com', config)).toBeUndefined();
  });
  it('names why an address is refused', () => {
    expect(refusedRecipient('postmaster@example.com', config)).toContain('automatic');
    expect(refusedRecipient('support@haier-fuwu.example.cn', config)).toContain('own');
  });
});
