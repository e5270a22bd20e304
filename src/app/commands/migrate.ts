import { sql } from 'kysely';
import { loadMigrations } from '../../platform/db/migrate.ts';
import type { Command } from './command.ts';

// Opening the database already applies pending migrations; this command reports where the schema stands.
export const migrateCommand: Command = {
  usage: 'migrate   apply pending database migrations and list them',
  forwardable: true,
  async run({ database, io }) {
    const { rows } = await sql<{
      version: number;
      name: string;
      applied_at: Date;
    }>`select version, name, applied_at from schema_migrations order by version`.execute(database.db);
    const known = loadMigrations().length;
    for (const row of rows)
      io.out(
        `${String(row.version).padStart(4, '0')} ${row.name}  applied ${new Date(row.applied_at).toISOString()}\n`,
      );
    io.out(`${rows.length} of ${known} migrations applied\n`);
    return rows.length === known ? 0 : 1;
  },
};
