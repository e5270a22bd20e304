import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { Config } from '../../platform/config/config.ts';
import type { CommandIo } from './command.ts';
import { UsageError } from './command.ts';

const run = promisify(execFile);

export const RESTORE_USAGE =
  'restore --from DIR [--force]   put a backup made by `loopdesk backup` back (server stopped)';

/**
 * Restores a backup folder. It runs with no database open: PGlite's data directory is rebuilt from the
 * tarball (the current one is kept aside with --force), PostgreSQL gets pg_restore --clean.
 */
export async function restoreBackup(config: Config, io: CommandIo, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, force: { type: 'boolean' } } });
  if (!values.from) throw new UsageError(`usage: loopdesk ${RESTORE_USAGE}`);
  const from = resolve(values.from);
  const manifestPath = join(from, 'manifest.json');
  if (!existsSync(manifestPath)) throw new UsageError(`${from} has no manifest.json: not a Loopdesk backup`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    database: string;
    databaseFile: string;
    blobs: boolean;
  };
  const file = join(from, manifest.databaseFile);
  if (manifest.database === 'pglite') {
    if (config.databaseUrl)
      throw new UsageError('This is a backup of the embedded database; unset DATABASE_URL to restore it');
    const target = join(config.dataDir, 'pglite');
    if (existsSync(target) && readdirSync(target).length > 0) {
      if (!values.force)
        throw new UsageError(`${target} is not empty; add --force to keep it aside and restore over it`);
      renameSync(target, `${target}.before-restore-${Date.now()}`);
    }
    const [{ PGlite }, { pg_trgm }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
    ]);
    const archive = new Blob([readFileSync(file)]);
    const pglite = await PGlite.create(target, { loadDataDir: archive, extensions: { pg_trgm } });
    await pglite.query('select 1');
    await pglite.close();
  } else {
    if (!config.databaseUrl)
      throw new UsageError('This is a PostgreSQL backup; set DATABASE_URL to the database to restore into');
    try {
      await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--dbname', config.databaseUrl, file], {
        maxBuffer: 1 << 22,
      });
    } catch (error) {
      io.err(`pg_restore failed: ${(error as Error).message}\n`);
      return 1;
    }
  }
  if (manifest.blobs && existsSync(join(from, 'blobs')))
    cpSync(join(from, 'blobs'), join(config.dataDir, 'blobs'), { recursive: true });
  io.out(`restored ${manifest.database} backup from ${from}\n`);
  return 0;
}
