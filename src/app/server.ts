import type { FastifyInstance } from 'fastify';
import { systemClock } from '../platform/clock/clock.ts';
import type { Config } from '../platform/config/config.ts';
import type { Database } from '../platform/db/database.ts';
import { constantTimeEqual } from '../platform/ids/ids.ts';
import type { Logger } from '../platform/log/logger.ts';
import { buildApp } from './build-app.ts';
import { runCommand } from './commands/index.ts';
import { acquireLock } from './data-dir-lock.ts';
import { openDatabase } from './open-database.ts';
import { ensureDefaultTenant } from './tenant-setup.ts';

export class StartError extends Error {
  override name = 'StartError';
}

// The CLI hands commands to a running server over loopback, proven by the secret in the lock file.
function registerCliBridge(
  app: FastifyInstance,
  runtime: { config: Config; database: Database; logger: Logger },
  secret: () => string | null,
): void {
  app.post<{ Body: { args: string[] } }>(
    '/internal/cli',
    {
      config: { public: true },
      schema: {
        hide: true,
        body: {
          type: 'object',
          required: ['args'],
          additionalProperties: false,
          properties: { args: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 10_000 } } },
        },
      },
    },
    async (request, reply) => {
      const expected = secret();
      const given = request.headers['x-loopdesk-cli-secret'];
      const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
      if (!expected || typeof given !== 'string' || !loopback || !constantTimeEqual(given, expected)) {
        return reply
          .code(404)
          .type('application/problem+json')
          .send({ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: 'No such route' });
      }
      let stdout = '';
      let stderr = '';
      const io = {
        out: (text: string) => {
          stdout += text;
        },
        err: (text: string) => {
          stderr += text;
        },
      };
      const exitCode = await runCommand(request.body.args, { ...runtime, io }, { forwarded: true });
      return { exitCode, stdout, stderr };
    },
  );
}

/** Starts Loopdesk: lock (embedded mode), migrate, first-start setup, HTTP. Returns a function that stops it. */
export async function startServer(
  config: Config,
  logger: Logger,
  print: (text: string) => void,
): Promise<{ url: string; stop(): Promise<void> }> {
  const lock = config.databaseUrl ? null : acquireLock(config.dataDir, 'server');
  if (!config.databaseUrl && !lock)
    throw new StartError(
      `Another Loopdesk process is using ${config.dataDir}; stop it first or choose another DATA_DIR`,
    );
  let database: Database;
  try {
    database = await openDatabase(config, logger);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const firstStart = await ensureDefaultTenant(
    { db: database.db, clock: systemClock },
    {
      name: config.defaultTenantName,
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    },
  );
  const app = await buildApp({ config, database, logger });
  let secret: string | null = null;
  registerCliBridge(app, { config, database, logger }, () => secret);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const localUrl = `http://127.0.0.1:${port}`;
  if (lock) secret = lock.publish(localUrl);
  if (config.worker) app.worker.start();
  const url = config.publicUrl ?? `http://localhost:${port}`;
  print(
    `Loopdesk is running at ${url}  (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})\n`,
  );
  print(`API docs: ${url}/api/docs\n`);
  if (firstStart.created) {
    print(`First start: created tenant "${firstStart.tenant.name}" and admin ${firstStart.admin.email}\n`);
    print(
      firstStart.generatedPassword
        ? `Admin password (shown once, change it after logging in): ${firstStart.generatedPassword}\n`
        : 'Admin password: the value of LOOPDESK_ADMIN_PASSWORD\n',
    );
  } else {
    print(`Log in as ${config.adminEmail} (or any user of your tenant)\n`);
  }
  let stopped = false;
  return {
    url: localUrl,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await database.close();
      lock?.release();
    },
  };
}
