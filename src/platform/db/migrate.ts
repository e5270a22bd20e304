import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export type Migration = { version: number; name: string; script: string; checksum: string };

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
// An arbitrary constant: the advisory lock that lets only one process migrate at a time.
const MIGRATION_LOCK = 4_711_001;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const script = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    });
}

/** Applies pending migrations, each in its own transaction; returns the versions applied. */
export async function migrate(database: Database, migrations = loadMigrations()): Promise<number[]> {
  const applied: number[] = [];
  await database.exec(`create table if not exists schema_migrations (
    version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
  await database.withLock(MIGRATION_LOCK, async () => {
    const { rows } = await sql<{
      version: number;
      checksum: string;
    }>`select version, checksum from schema_migrations`.execute(database.db);
    const done = new Map(rows.map((row) => [row.version, row.checksum]));
    for (const migration of migrations) {
      const checksum = done.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`migration ${migration.version}-${migration.name} changed after it was applied`);
        }
        continue;
      }
      const name = migration.name.replaceAll("'", "''");
      await database.exec(
        `begin;\n${migration.script}\n;insert into schema_migrations (version, name, checksum) values (${migration.version}, '${name}', '${migration.checksum}');\ncommit;`,
      );
      applied.push(migration.version);
    }
  });
  return applied;
}
