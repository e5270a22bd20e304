import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXPORTED_TABLES } from '../../src/app/commands/export-import.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// Tables a tenant export leaves out on purpose: login sessions end with the server they were made on.
const NOT_EXPORTED = ['sessions'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

it('exports every table that holds tenant data, so export → import loses nothing', async () => {
  const rows = await sql<{ table_name: string }>`select table_name from information_schema.columns
    where column_name = 'tenant_id' and table_schema = current_schema() order by table_name`.execute(t.database.db);
  const tenantTables = rows.rows.map((row) => row.table_name).filter((name) => !NOT_EXPORTED.includes(name));
  expect(tenantTables.length).toBeGreaterThan(20);
  expect(EXPORTED_TABLES.map((table) => table.name).sort()).toEqual(tenantTables.sort());
});
