import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandIo } from './app/commands/command.ts';
import { UsageError } from './app/commands/command.ts';
import { COMMANDS, helpText, runCommand } from './app/commands/index.ts';
import { restoreBackup } from './app/commands/restore.ts';
import { solveCommand } from './app/commands/solve.ts';
import { acquireLock, type DataDirLock, readLock } from './app/data-dir-lock.ts';
import { openDatabase } from './app/open-database.ts';
import { StartError, startServer } from './app/server.ts';
import { ensureDefaultTenant } from './app/tenant-setup.ts';
import { systemClock } from './platform/clock/clock.ts';
import { type Config, ConfigError, loadConfig } from './platform/config/config.ts';
import { AppError } from './platform/errors/app-error.ts';
import { createLogger, type Logger } from './platform/log/logger.ts';

const io: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

async function serve(config: Config, logger: Logger): Promise<void> {
  const server = await startServer(config, logger, io.out);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

// With the embedded database held by a running server, the server runs the command for us.
async function forwardToServer(config: Config, args: string[]): Promise<number | null> {
  const holder = readLock(config.dataDir);
  if (holder?.kind !== 'server' || !holder.url || !holder.secret) return null;
  const response = await fetch(`${holder.url}/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-loopdesk-cli-secret': holder.secret },
    body: JSON.stringify({ args }),
  });
  if (!response.ok)
    throw new StartError(`The running server (pid ${holder.pid}) refused the command: HTTP ${response.status}`);
  const result = (await response.json()) as { exitCode: number; stdout: string; stderr: string };
  io.out(result.stdout);
  io.err(result.stderr);
  return result.exitCode;
}

async function runLocally(config: Config, logger: Logger, args: string[]): Promise<number> {
  let lock: DataDirLock | null = null;
  if (!config.databaseUrl) {
    const forwarded = await forwardToServer(config, args);
    if (forwarded !== null) return forwarded;
    for (let waited = 0; !lock; waited += 250) {
      lock = acquireLock(config.dataDir, 'cli');
      if (lock) break;
      const forwardedLater = await forwardToServer(config, args);
      if (forwardedLater !== null) return forwardedLater;
      if (waited > 30_000) throw new StartError(`Another Loopdesk process holds ${config.dataDir}`);
      await sleep(250);
    }
  }
  const database = await openDatabase(config, logger);
  try {
    // A command on an empty data dir sets it up exactly as a first start would.
    const first = await ensureDefaultTenant(
      { db: database.db, clock: systemClock },
      { name: config.defaultTenantName, adminEmail: config.adminEmail, adminPassword: config.adminPassword },
    );
    if (first.created) {
      io.err(`First start: created tenant "${first.tenant.name}" and admin ${first.admin.email}\n`);
      if (first.generatedPassword) io.err(`Admin password (shown once): ${first.generatedPassword}\n`);
    }
    return await runCommand(args, { config, database, logger, io });
  } finally {
    await database.close();
    lock?.release();
  }
}

// Restore replaces the database, so it runs with nothing open and no server on the data dir.
async function restore(config: Config, args: string[]): Promise<number> {
  const lock = config.databaseUrl ? null : acquireLock(config.dataDir, 'cli');
  if (!config.databaseUrl && !lock)
    throw new StartError(`A Loopdesk process is using ${config.dataDir}; stop it before restoring`);
  try {
    return await restoreBackup(config, io, args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  } finally {
    lock?.release();
  }
}

async function solve(args: string[]): Promise<number> {
  try {
    return await solveCommand(io, args);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof AppError)) throw error;
    io.err(`${error.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  const [command = 'start'] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    io.out(helpText());
    return;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  try {
    if (command === 'start') {
      await serve(config, logger);
      return;
    }
    if (command === 'solve') {
      process.exitCode = await solve(argv.slice(1));
      return;
    }
    if (command === 'restore') {
      process.exitCode = await restore(config, argv.slice(1));
      return;
    }
    if (!COMMANDS[command]) {
      io.err(`unknown command: ${command}\n${helpText()}`);
      process.exit(2);
    }
    process.exitCode = await runLocally(config, logger, argv);
  } catch (error) {
    if (error instanceof StartError || (error as { code?: string }).code === 'EADDRINUSE') {
      io.err(`${(error as Error).message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'loopdesk failed');
    io.err(`loopdesk: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
