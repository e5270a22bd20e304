import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock/clock.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { checkChannelConfig } from './channel-config.ts';
import { sendNotification } from './channels.ts';
import type { DeliveryDeps } from './delivery.ts';
import { DeliveryError } from './delivery-error.ts';
import { sendDingTalk } from './dingtalk.driver.ts';
import { type LoopbackServer, respondJson, startLoopbackServer } from './loopback.fixtures.ts';
import { sendSms, smsSegments } from './sms.driver.ts';
import { renderTemplate } from './templates.ts';
import { sendWebhook, signWebhook, verifySignature, type WebhookEvent } from './webhook.driver.ts';
import { sendWeCom } from './wecom.driver.ts';

const NOW = '2026-11-22T12:00:00.000Z';
const testing = { allowInsecure: true, allowPrivateNetworks: true };
const deps = (): DeliveryDeps => ({ clock: fixedClock(NOW), allowPrivateNetworks: true, timeoutMs: 3000 });

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function server(...args: Parameters<typeof startLoopbackServer>) {
  const started = await startLoopbackServer(...args);
  servers.push(started);
  return started;
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

function fieldErrors(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return error.fieldErrors ?? [];
    throw error;
  }
  throw new Error('expected a validation error');
}

const SECRET = `SEC${'a1b2c3d4'.repeat(8)}`;
const robotMessage = {
  title: '新工单 T-0042',
  text: renderTemplate(
    '### 新工单 {{ticket.number}}\n> {{ticket.subject}}\n[查看工单]({{ticket.url}})',
    {
      'ticket.number': 'T-0042',
      'ticket.subject': '空调不制冷 @all [点我](https://evil.example)',
      'ticket.url': 'https://desk.example.cn/t/42',
    },
    { escape: 'markdown' },
  ),
};

describe('DingTalk robot', () => {
  it('posts markdown to the webhook URL signed with the documented HMAC', async () => {
    const robot = await server(respondJson(200, { errcode: 0, errmsg: 'ok' }));
    const config = checkChannelConfig(
      'dingtalk',
      { webhookUrl: robot.url('/robot/send?access_token=tok123'), secret: SECRET },
      testing,
    );
    expect(await sendDingTalk(config, robotMessage, deps())).toEqual({ ok: true });
    const [request] = robot.requests;
    const query = new URL(request?.url ?? '', 'http://x').searchParams;
    expect(query.get('access_token')).toBe('tok123');
    const timestamp = query.get('timestamp');
    expect(timestamp).toBe(String(Date.parse(NOW)));
    // Independent computation of 加签: base64(HmacSHA256(key=secret, "timestamp\nsecret")).
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8'))
      .update(Buffer.from(`${timestamp}\n${SECRET}`, 'utf8'))
      .digest('base64');
    expect(query.get('sign')).toBe(expected);
    expect(request?.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      msgtype: 'markdown',
      markdown: { title: '新工单 T-0042', text: robotMessage.text },
    });
    expect(robotMessage.text).not.toMatch(/@all|\[点我\]/);
  });

  it('sends unsigned when no secret is configured, and mentions mobiles in text and at', async () => {
    const robot = await server(respondJson(200, { errcode: 0, errmsg: 'ok' }));
    const config = checkChannelConfig(
      'dingtalk',
      { webhookUrl: robot.url('/robot/send?access_token=tok123') },
      testing,
    );
    await sendDingTalk(config, { ...robotMessage, atMobiles: ['13800138000'] }, deps());
    const request = robot.requests[0];
    expect(request?.url).toBe('/robot/send?access_token=tok123');
    const body = JSON.parse(request?.body ?? '');
    expect(body.at).toEqual({ atMobiles: ['13800138000'], isAtAll: false });
    expect(body.markdown.text).toMatch(/@13800138000$/);
  });

  it.each([
    [130101, true, 60_000, 'rate_limited'],
    [660026, true, 60_000, 'rate_limited'],
    [-1, true, undefined, 'provider_rejected'],
    [310000, false, undefined, 'provider_rejected'],
    [300001, false, undefined, 'provider_rejected'],
  ])('treats errcode %i as retryable=%s', async (errcode, retryable, retryAfterMs, reason) => {
    const robot = await server(respondJson(200, { errcode, errmsg: 'nope' }));
    const config = checkChannelConfig('dingtalk', { webhookUrl: robot.url('/robot/send?access_token=t') }, testing);
    const error = await failure(sendDingTalk(config, robotMessage, deps()));
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.reason).toBe(reason);
    expect(error.providerCode).toBe(errcode);
  });

  it('fails on an answer that is not the robot’s JSON', async () => {
    const robot = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    const config = checkChannelConfig('dingtalk', { webhookUrl: robot.url('/robot/send?access_token=t') }, testing);
    const error = await failure(sendDingTalk(config, robotMessage, deps()));
    expect(error.reason).toBe('provider_rejected');
  });
});

describe('WeCom robot', () => {
  it('posts markdown content with the title first', async () => {
    const robot = await server(respondJson(200, { errcode: 0, errmsg: 'ok' }));
    const config = checkChannelConfig('wecom', { webhookUrl: robot.url('/cgi-bin/webhook/send?key=k-1') }, testing);
    expect(await sendWeCom(config, robotMessage, deps())).toEqual({ ok: true });
    expect(robot.requests[0]?.url).toBe('/cgi-bin/webhook/send?key=k-1');
    expect(JSON.parse(robot.requests[0]?.body ?? '')).toEqual({
      msgtype: 'markdown',
      markdown: { content: `**新工单 T-0042**\n${robotMessage.text}` },
    });
  });

  it('cuts content to 4096 bytes of UTF-8', async () => {
    const robot = await server(respondJson(200, { errcode: 0, errmsg: 'ok' }));
    const config = checkChannelConfig('wecom', { webhookUrl: robot.url('/cgi-bin/webhook/send?key=k-1') }, testing);
    await sendWeCom(config, { title: '', text: '超'.repeat(3000) }, deps());
    const content: string = JSON.parse(robot.requests[0]?.body ?? '').markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content.endsWith('超…')).toBe(true);
  });

  it.each([
    [45009, true, 60_000],
    [93000, false, undefined],
  ])('treats errcode %i as retryable=%s', async (errcode, retryable, retryAfterMs) => {
    const robot = await server(respondJson(200, { errcode, errmsg: 'x' }));
    const config = checkChannelConfig('wecom', { webhookUrl: robot.url('/cgi-bin/webhook/send?key=k-1') }, testing);
    const error = await failure(sendWeCom(config, robotMessage, deps()));
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });
});

describe('outbound webhook', () => {
  const secret = 'whsec_0123456789abcdef0123456789';
  const event: WebhookEvent = {
    id: 'evt_01JD5ZQK8',
    type: 'ticket.assigned',
    createdAt: '2026-11-22T11:59:58.000Z',
    tenantId: 'ten_1',
    data: { ticket: { number: 'T-0042', subject: '空调不制冷', version: 3 } },
  };

  it('signs the raw body so that the receiver can verify it', async () => {
    const receiver = await server();
    const config = checkChannelConfig('webhook', { url: receiver.url('/hooks/loopdesk'), secret }, testing);
    await sendWebhook(config, event, deps());
    const request = receiver.requests[0];
    const header = String(request?.headers['loopdesk-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(header.startsWith(`t=${Date.parse(NOW) / 1000},`)).toBe(true);
    expect(verifySignature(header, request?.body ?? '', [secret], 300, new Date(NOW))).toBe(true);
    expect(request?.headers['loopdesk-event-id']).toBe(event.id);
    expect(request?.headers['loopdesk-event-type']).toBe('ticket.assigned');
    expect(JSON.parse(request?.body ?? '')).toEqual(event);
    // Independent HMAC over "<t>.<raw body>".
    const expected = createHmac('sha256', secret)
      .update(`${Date.parse(NOW) / 1000}.${request?.body}`)
      .digest('hex');
    expect(header.endsWith(`v1=${expected}`)).toBe(true);
  });

  it('keeps the event id across retries: 500, 500, 429 (Retry-After: 2), then 200', async () => {
    const answers = [500, 500, 429, 200];
    const receiver = await server((_request, response) => {
      const status = answers.shift() ?? 200;
      response.writeHead(status, status === 429 ? { 'retry-after': '2' } : {});
      response.end();
    });
    const config = checkChannelConfig('webhook', { url: receiver.url('/hooks'), secret }, testing);
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        await sendWebhook(config, event, deps());
        outcomes.push('ok');
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        outcomes.push(`${error.status} retryable=${error.retryable} after=${error.retryAfterMs ?? '-'}`);
      }
    }
    expect(outcomes).toEqual([
      '500 retryable=true after=-',
      '500 retryable=true after=-',
      '429 retryable=true after=2000',
      'ok',
    ]);
    const ids = receiver.requests.map((request) => [request.headers['loopdesk-event-id'], JSON.parse(request.body).id]);
    expect(ids).toEqual(Array(4).fill([event.id, event.id]));
  });

  it('refuses event ids that cannot go into a header', async () => {
    const receiver = await server();
    const config = checkChannelConfig('webhook', { url: receiver.url('/hooks'), secret }, testing);
    const error = await failure(sendWebhook(config, { ...event, id: 'evt\r\nX-Evil: 1' }, deps()));
    expect(error.reason).toBe('invalid_message');
    expect(receiver.connections()).toBe(0);
  });
});

describe('verifySignature', () => {
  const secret = 'whsec_0123456789abcdef0123456789';
  const body = '{"id":"evt_1","data":{"主题":"空调"}}';
  const now = new Date('2026-11-22T12:00:00Z');
  const t = now.getTime() / 1000;
  const header = signWebhook(secret, body, t);

  it('accepts the signed body, also as bytes and with the secret among others', () => {
    expect(verifySignature(header, body, [secret], 300, now)).toBe(true);
    expect(verifySignature(header, Buffer.from(body, 'utf8'), ['old-secret-0000000000000000', secret], 300, now)).toBe(
      true,
    );
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const other = signWebhook('another-secret-000000000000000', body, t).split(',')[1];
    expect(verifySignature(`${header},${other}`, body, ['another-secret-000000000000000'], 300, now)).toBe(true);
  });

  it.each([
    ['a changed body', header, `${body} `, now],
    ['a wrong secret', signWebhook('wrong-secret-00000000000000000', body, t), body, now],
    ['a timestamp older than the tolerance', signWebhook(secret, body, t - 301), body, now],
    ['a timestamp too far ahead', signWebhook(secret, body, t + 301), body, now],
    ['a replayed signature with a new t', header.replace(`t=${t}`, `t=${t + 10}`), body, now],
    ['no v1', `t=${t}`, body, now],
    ['no t', header.split(',')[1] ?? '', body, now],
    ['garbage', 'hello', body, now],
    ['an empty header', '', body, now],
  ])('refuses %s', (_what, candidate, rawBody, at) => {
    expect(verifySignature(candidate, rawBody, [secret], 300, at)).toBe(false);
  });

  it('refuses when no secret is configured', () => {
    expect(verifySignature(header, body, [], 300, now)).toBe(false);
    expect(verifySignature(header, body, [''], 300, now)).toBe(false);
    expect(verifySignature(undefined, body, [secret], 300, now)).toBe(false);
  });
});

describe('SMS gateway', () => {
  it('posts {to, text, signName} with the bearer key and counts Chinese segments', async () => {
    const gateway = await server(respondJson(200, { messageId: 'sms-778' }));
    const config = checkChannelConfig(
      'sms',
      { url: gateway.url('/sms/send'), apiKey: 'key-abc', signName: '海尔服务' },
      testing,
    );
    const text = '您的工单T-0042已分派,工程师李工将于明天9:30上门,请保持电话畅通。';
    const result = await sendSms(config, { to: '+8613800138000', text }, deps());
    expect(result).toEqual({ ok: true, providerMessageId: 'sms-778', segments: 1 });
    const request = gateway.requests[0];
    expect(request?.headers.authorization).toBe('Bearer key-abc');
    expect(JSON.parse(request?.body ?? '')).toEqual({ to: '+8613800138000', text, signName: '海尔服务' });
  });

  it('counts the signature into the segments', async () => {
    const gateway = await server(respondJson(200, { id: 42 }));
    const config = checkChannelConfig('sms', { url: gateway.url('/sms'), apiKey: 'k', signName: '海尔服务' }, testing);
    // 64 characters + 【海尔服务】 (6) = 70: one segment; one more character makes two.
    expect((await sendSms(config, { to: '+8613800138000', text: '字'.repeat(64) }, deps())).segments).toBe(1);
    const two = await sendSms(config, { to: '+8613800138000', text: '字'.repeat(65) }, deps());
    expect(two).toEqual({ ok: true, providerMessageId: '42', segments: 2 });
  });

  it.each(['13800138000', '+86 138 0013 8000', '+0123456789', '8613800138000', '+86138001380001234'])(
    'refuses %s as not E.164 without calling the gateway',
    async (to) => {
      const gateway = await server();
      const config = checkChannelConfig('sms', { url: gateway.url('/sms'), apiKey: 'k' }, testing);
      const error = await failure(sendSms(config, { to, text: '你好' }, deps()));
      expect(error.reason).toBe('recipient_refused');
      expect(gateway.connections()).toBe(0);
    },
  );

  it('refuses an empty or overlong text', async () => {
    const gateway = await server();
    const config = checkChannelConfig('sms', { url: gateway.url('/sms'), apiKey: 'k' }, testing);
    expect((await failure(sendSms(config, { to: '+8613800138000', text: '  ' }, deps()))).reason).toBe(
      'invalid_message',
    );
    expect((await failure(sendSms(config, { to: '+8613800138000', text: '字'.repeat(501) }, deps()))).reason).toBe(
      'invalid_message',
    );
  });
});

describe('smsSegments', () => {
  it.each([
    ['', 0],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['a'.repeat(306), 2],
    ['a'.repeat(307), 3],
    ['{'.repeat(80), 1],
    ['{'.repeat(81), 2],
    ['字'.repeat(70), 1],
    ['字'.repeat(71), 2],
    ['字'.repeat(134), 2],
    ['字'.repeat(135), 3],
    [`${'a'.repeat(69)}字`, 1],
    ['😀'.repeat(35), 1],
    ['😀'.repeat(36), 2],
  ])('%s… takes %i segment(s)', (text, segments) => {
    expect(smsSegments(text)).toBe(segments);
  });
});

describe('sendNotification', () => {
  it('picks the sender of the kind', async () => {
    const robot = await server(respondJson(200, { errcode: 0, errmsg: 'ok' }));
    const config = checkChannelConfig('wecom', { webhookUrl: robot.url('/cgi-bin/webhook/send?key=k') }, testing);
    expect(await sendNotification('wecom', config, robotMessage, deps())).toEqual({ ok: true });
    expect(robot.requests).toHaveLength(1);
  });
});

describe('checkChannelConfig', () => {
  it('accepts production settings for every kind', () => {
    expect(
      checkChannelConfig('dingtalk', {
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        secret: SECRET,
      }),
    ).toEqual({ webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: SECRET });
    expect(
      checkChannelConfig('wecom', { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6' }),
    ).toEqual({
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6',
    });
    expect(checkChannelConfig('webhook', { url: 'https://crm.example.com/hooks', secret: 'x'.repeat(32) }).url).toBe(
      'https://crm.example.com/hooks',
    );
    expect(
      checkChannelConfig('email', {
        smtpUrl: 'smtps://notify:pw@smtp.exmail.qq.com:465',
        from: { address: 'service@example.cn', name: '客服中心' },
        ownMailboxes: ['support@example.cn'],
      }),
    ).toEqual({
      smtpUrl: 'smtps://notify:pw@smtp.exmail.qq.com:465',
      from: { address: 'service@example.cn', name: '客服中心' },
      ownMailboxes: ['support@example.cn'],
    });
    expect(checkChannelConfig('sms', { url: 'https://sms.example.cn/send', apiKey: 'k-1', signName: '海尔' })).toEqual({
      url: 'https://sms.example.cn/send',
      apiKey: 'k-1',
      signName: '海尔',
    });
  });

  it.each([
    ['dingtalk', { webhookUrl: 'http://oapi.dingtalk.com/robot/send?access_token=a' }, '/webhookUrl', 'https'],
    ['dingtalk', { webhookUrl: 'https://oapi.dingtalk.com/robot/send' }, '/webhookUrl', 'access_token'],
    [
      'dingtalk',
      { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=a', secret: 'abc' },
      '/secret',
      'SEC',
    ],
    ['wecom', { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }, '/webhookUrl', 'key'],
    ['wecom', { webhookUrl: 'https://qyapi.weixin.qq.com/x?key=1', hook: 1 }, '/hook', 'not a wecom setting'],
    ['webhook', { url: 'https://127.0.0.1/hook', secret: 'x'.repeat(32) }, '/url', 'internal'],
    ['webhook', { url: 'https://[::ffff:a9fe:a9fe]/', secret: 'x'.repeat(32) }, '/url', 'internal'],
    ['webhook', { url: 'https://u:p@crm.example.com/', secret: 'x'.repeat(32) }, '/url', 'password'],
    ['webhook', { url: 'https://crm.example.com/', secret: 'short' }, '/secret', '24'],
    ['webhook', { url: 'javascript:alert(1)', secret: 'x'.repeat(32) }, '/url', 'https'],
    ['email', { smtpUrl: 'http://smtp.example.com', from: { address: 'a@example.com' } }, '/smtpUrl', 'smtp://'],
    ['email', { smtpUrl: 'smtps://smtp.example.com', from: { address: 'not-an-address' } }, '/from/address', 'e-mail'],
    [
      'email',
      { smtpUrl: 'smtp://smtp.example.com', from: { address: 'a@example.com' }, requireTls: false },
      '/requireTls',
      'TLS',
    ],
    [
      'email',
      { smtpUrl: 'smtps://smtp.example.com', from: { address: 'a@example.com', name: '客服\r\nBcc: x' } },
      '/from/name',
      'Control',
    ],
    ['sms', { url: 'https://sms.example.cn/', apiKey: 'k', signName: '【海尔】' }, '/signName', 'brackets'],
    ['sms', { url: 'https://sms.example.cn/' }, '/apiKey', 'Required'],
  ] as const)('%s: refuses %j at %s', (kind, input, path, message) => {
    const errors = fieldErrors(() => checkChannelConfig(kind, input));
    expect(errors.find((error) => error.path === path)?.message).toContain(message);
  });

  it('refuses a non-object and an unknown kind', () => {
    expect(fieldErrors(() => checkChannelConfig('sms', 'https://sms.example.cn'))).toEqual([
      { path: '', message: 'Expected an object.' },
    ]);
    // @ts-expect-error: a kind from untrusted input
    expect(fieldErrors(() => checkChannelConfig('fax', {}))[0]?.path).toBe('/kind');
  });
});
