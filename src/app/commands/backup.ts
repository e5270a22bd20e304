import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { Command } from './command.ts';

const run = promisify(execFile);

/**
 * A consistent copy of the database (PGlite: its data directory as a tarball; PostgreSQL: pg_dump in
 * custom format) plus the attachment files, in one folder with a manifest.
 */
export const backupCommand: Command = {
  usage: 'backup [--out DIR]   database + attachment files into DIR (default ./backups/<time>)',
  forwardable: true,
  async run({ database, config, io }, args) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const out = resolve(values.out ?? join('backups', `loopdesk-${stamp}`));
    mkdirSync(out, { recursive: true });
    let databaseFile: string;
    if (database.dumpDataDir) {
      const blob = await database.dumpDataDir();
      databaseFile = 'pglite-datadir.tar.gz';
      writeFileSync(join(out, databaseFile), Buffer.from(await blob.arrayBuffer()));
    } else {
      databaseFile = 'postgres.dump';
      try {
        await run(
          'pg_dump',
          ['--format=custom', '--file', join(out, databaseFile), '--dbname', config.databaseUrl ?? ''],
          { maxBuffer: 1 << 20 },
        );
      } catch (error) {
        io.err(`pg_dump failed (is postgresql-client installed?): ${(error as Error).message}\n`);
        return 1;
      }
    }
    const blobs = join(config.dataDir, 'blobs');
    if (existsSync(blobs))
      cpSync(blobs, join(out, 'blobs'), { recursive: true, filter: (src) => !src.includes(`${join('blobs', 'tmp')}`) });
    writeFileSync(
      join(out, 'manifest.json'),
      JSON.stringify(
        { createdAt: new Date().toISOString(), database: database.kind, databaseFile, blobs: existsSync(blobs) },
        null,
        2,
      ),
    );
    io.out(`${out}\n`);
    return 0;
  },
};
