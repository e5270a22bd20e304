import type { Config } from '../platform/config/config.ts';
import { type Database, migrate, openPglite, openPostgres } from '../platform/db/index.ts';

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite in DATA_DIR; migrated before use. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const database = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
