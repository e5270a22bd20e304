import type { Config } from '../platform/config/config.ts';
import { type Database, migrate, openPglite, openPostgres } from '../platform/db/index.ts';
import type { Logger } from '../platform/log/logger.ts';

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite in DATA_DIR; migrated before use. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger?: Logger,
): Promise<Database> {
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl, {
        onIdleError: (error) => logger?.warn({ err: error }, 'PostgreSQL closed an idle connection'),
      })
    : await openPglite(config.dataDir);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
