import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from './delivery-error.ts';
import { type LoopbackServer, respondJson, startLoopbackServer } from './loopback.fixtures.ts';
import { type HostResolver, parseRetryAfter, postJson } from './outbound-http.ts';

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected a DeliveryError');
}

const stubResolver =
  (answers: Record<string, string[]>, calls: string[] = []): HostResolver =>
  async (hostname) => {
    calls.push(hostname);
    const addresses = answers[hostname];
    if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

let canary: LoopbackServer;
const servers: LoopbackServer[] = [];

beforeAll(async () => {
  canary = await startLoopbackServer();
});
afterAll(() => canary.close());
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(...args: Parameters<typeof startLoopbackServer>) {
  const started = await startLoopbackServer(...args);
  servers.push(started);
  return started;
}

describe('postJson on loopback with allowPrivateNetworks', () => {
  it('posts JSON and returns status, headers and body', async () => {
    const receiver = await server(respondJson(200, { 结果: '好' }, { 'x-request-id': 'r1' }));
    const response = await postJson(
      receiver.url('/hook?x=1'),
      { 工单: 'T-1' },
      {
        allowPrivateNetworks: true,
        headers: { 'X-Extra': 'yes' },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe('r1');
    expect(JSON.parse(response.body)).toEqual({ 结果: '好' });
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hook?x=1');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['x-extra']).toBe('yes');
    expect(JSON.parse(request?.body ?? '')).toEqual({ 工单: 'T-1' });
  });

  it('connects to the address it resolved once and keeps the name in the Host header', async () => {
    const receiver = await server();
    const calls: string[] = [];
    const resolve = stubResolver({ 'robot.example.test': ['127.0.0.1'] }, calls);
    await postJson(`http://robot.example.test:${receiver.port}/send`, {}, { allowPrivateNetworks: true, resolve });
    expect(calls).toEqual(['robot.example.test']);
    expect(receiver.requests[0]?.headers.host).toBe(`robot.example.test:${receiver.port}`);
  });
});

describe('postJson refuses internal addresses', () => {
  it.each([
    ['loopback', (port: number) => `http://127.0.0.1:${port}/`],
    ['IPv4-mapped IPv6 loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/`],
    ['hex and short IPv4', (port: number) => `http://0x7f.1:${port}/`],
    ['decimal IPv4', (port: number) => `http://2130706433:${port}/`],
    ['octal IPv4', (port: number) => `http://017700000001:${port}/`],
    ['0.0.0.0', (port: number) => `http://0.0.0.0:${port}/`],
    ['a name that resolves to loopback (localhost)', (port: number) => `http://localhost:${port}/`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['RFC 1918', () => 'http://10.0.0.8/'],
  ])('%s', async (_what, target) => {
    const error = await failure(postJson(target(canary.port), { probe: true }, { allowPrivateNetworks: false }));
    expect(error.reason).toBe('address_refused');
    expect(error.retryable).toBe(false);
    expect(canary.connections()).toBe(0);
    expect(canary.requests).toHaveLength(0);
  });

  it('refuses a name a stub DNS points at 127.0.0.1', async () => {
    const resolve = stubResolver({ 'webhook.customer.example': ['127.0.0.1'] });
    const error = await failure(
      postJson(`http://webhook.customer.example:${canary.port}/`, {}, { allowPrivateNetworks: false, resolve }),
    );
    expect(error.reason).toBe('address_refused');
    expect(canary.connections()).toBe(0);
  });

  it('refuses a name whose answer mixes a public and an internal address', async () => {
    const resolve = stubResolver({ 'rebind.example': ['93.184.215.14', '127.0.0.1'] });
    const error = await failure(
      postJson(`http://rebind.example:${canary.port}/`, {}, { allowPrivateNetworks: false, resolve }),
    );
    expect(error.reason).toBe('address_refused');
    expect(canary.connections()).toBe(0);
  });

  it('does not follow a redirect to the canary', async () => {
    const redirector = await server((_request, response) => {
      response.writeHead(302, { location: canary.url('/stolen') });
      response.end();
    });
    const error = await failure(postJson(redirector.url('/hook'), {}, { allowPrivateNetworks: true }));
    expect(error.reason).toBe('redirect');
    expect(error.status).toBe(302);
    expect(error.retryable).toBe(false);
    expect(redirector.requests).toHaveLength(1);
    expect(canary.connections()).toBe(0);
  });

  it.each([
    'ftp://example.com/',
    'file:///etc/passwd',
    'gopher://127.0.0.1:70/',
    'not a url',
    'https://user:pw@example.com/',
  ])('refuses %s as a target', async (target) => {
    const error = await failure(postJson(target, {}, { allowPrivateNetworks: true }));
    expect(error.reason).toBe('invalid_target');
    expect(error.retryable).toBe(false);
  });

  it('keeps the query string (robot tokens) out of error messages', async () => {
    const error = await failure(
      postJson('http://127.0.0.1:9/robot/send?access_token=secret-token', {}, { allowPrivateNetworks: false }),
    );
    expect(error.message).not.toContain('secret-token');
  });
});

describe('postJson failures', () => {
  it('times out a server that never answers, as retryable', async () => {
    const silent = await server(() => {});
    const started = Date.now();
    const error = await failure(postJson(silent.url(), {}, { allowPrivateNetworks: true, timeoutMs: 200 }));
    expect(error.reason).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out a server that trickles its answer', async () => {
    const slow = await server((_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(timer));
    });
    const error = await failure(postJson(slow.url(), {}, { allowPrivateNetworks: true, timeoutMs: 300 }));
    expect(error.reason).toBe('timeout');
  });

  it('caps the answer by its Content-Length', async () => {
    const big = await server(respondJson(200, { blob: 'x'.repeat(100_000) }));
    const error = await failure(postJson(big.url(), {}, { allowPrivateNetworks: true }));
    expect(error.reason).toBe('response_too_large');
  });

  it('caps a chunked answer as it arrives', async () => {
    const streaming = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 20; i++) response.write('y'.repeat(1024));
      response.end();
    });
    const error = await failure(
      postJson(streaming.url(), {}, { allowPrivateNetworks: true, maxResponseBytes: 8 * 1024 }),
    );
    expect(error.reason).toBe('response_too_large');
    const small = await postJson(streaming.url(), {}, { allowPrivateNetworks: true, maxResponseBytes: 64 * 1024 });
    expect(small.body).toHaveLength(20 * 1024);
  });

  it.each([
    [500, {}, true, undefined],
    [503, { 'retry-after': '7' }, true, 7000],
    [429, { 'retry-after': '2' }, true, 2000],
    [429, {}, true, undefined],
    [408, {}, true, undefined],
    [400, {}, false, undefined],
    [401, {}, false, undefined],
    [404, {}, false, undefined],
    [410, { 'retry-after': '5' }, false, undefined],
  ])('classifies HTTP %i (%j) as retryable=%s', async (status, headers, retryable, retryAfterMs) => {
    const receiver = await server(respondJson(status, { error: 'x' }, headers));
    const error = await failure(postJson(receiver.url(), {}, { allowPrivateNetworks: true }));
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.reason).toBe(status === 429 ? 'rate_limited' : 'http_status');
  });

  it('reports a refused connection as retryable', async () => {
    const closed = await startLoopbackServer();
    const url = closed.url();
    await closed.close();
    const error = await failure(postJson(url, {}, { allowPrivateNetworks: true }));
    expect(error.reason).toBe('connection_failed');
    expect(error.retryable).toBe(true);
  });

  it('reports a name that does not resolve as retryable', async () => {
    const error = await failure(
      postJson('https://nowhere.example/', {}, { allowPrivateNetworks: false, resolve: stubResolver({}) }),
    );
    expect(error.reason).toBe('dns_failed');
    expect(error.retryable).toBe(true);
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('postJson over TLS', () => {
  it.skipIf(!hasOpenssl)('sends the URL host name as TLS server name to the pinned address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopdesk-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
        '-subj',
        '/CN=robot.example.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    const context = createSecureContext({
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
    });
    const serverNames: string[] = [];
    const tlsServer = createTlsServer({
      SNICallback: (name, callback) => {
        serverNames.push(name);
        callback(null, context);
      },
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const address = tlsServer.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const resolve = stubResolver({ 'robot.example.test': ['127.0.0.1'] });
      const error = await failure(
        postJson(
          `https://robot.example.test:${port}/send`,
          {},
          { allowPrivateNetworks: true, resolve, timeoutMs: 2000 },
        ),
      );
      // The self-signed certificate is rejected: verification is on, and done for the URL's name.
      expect(error.reason).toBe('connection_failed');
      expect(serverNames).toEqual(['robot.example.test']);
    } finally {
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates and clamps to a day', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999999', now)).toBe(86_400_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
