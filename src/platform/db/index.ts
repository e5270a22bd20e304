export { type Database, type DatabaseKind, type Db, openPglite, openPostgres } from './database.ts';
export { loadMigrations, migrate } from './migrate.ts';
