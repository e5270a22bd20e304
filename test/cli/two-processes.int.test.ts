import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, cli, freshEnv, startServer, stop } from '../support/processes.ts';

afterAll(cleanUp);

const TICKETS = 30;

/** Counts webhook deliveries per event id. */
async function countingReceiver() {
  const deliveries = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = String(request.headers['loopdesk-event-id']);
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    deliveries,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// PGlite admits one process; several servers share work only on PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('several server processes on one PostgreSQL', () => {
  it('deliver each job exactly once, and jobs written while no worker ran survive the restart', async () => {
    const receiver = await countingReceiver();
    const env = freshEnv({ OUTBOUND_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'error' });
    const token = cli(['token', 'create', '--email', 'admin@example.com'], env).stdout.trim();
    expect(token).toMatch(/^ldk_/);

    // First, two servers without workers take the tickets: every delivery waits in the database.
    const quietA = await startServer({ ...env, WORKER: 'false' });
    const quietB = await startServer({ ...env, WORKER: 'false' });
    const channel = await api(quietA.url, token, 'POST', '/api/v1/notification-channels', {
      kind: 'webhook',
      name: 'counter',
      config: { url: receiver.url, secret: 'two-processes-secret-0123456789' },
    });
    await api(quietA.url, token, 'POST', '/api/v1/triggers', {
      name: 'every ticket to the counter',
      events: ['ticket.created'],
      actions: [{ type: 'webhook', channelId: channel.id }],
    });
    await Promise.all(
      Array.from({ length: TICKETS }, (_, i) =>
        api(i % 2 ? quietB.url : quietA.url, token, 'POST', '/api/v1/tickets', {
          subject: `两进程 ${i}`,
          description: '',
        }),
      ),
    );
    await Promise.all([stop(quietA.child), stop(quietB.child)]);
    expect(receiver.deliveries.size).toBe(0);

    // Then two servers with workers: between them, every ticket's delivery goes out once.
    const workerA = await startServer(env);
    const workerB = await startServer(env);
    const deadline = Date.now() + 30_000;
    while (receiver.deliveries.size < TICKETS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.deliveries.size).toBe(TICKETS);
    expect([...receiver.deliveries.values()].every((count) => count === 1)).toBe(true);
    await Promise.all([stop(workerA.child), stop(workerB.child)]);
    await receiver.close();
  }, 120_000);
});
