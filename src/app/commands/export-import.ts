import { createReadStream, createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { tenantsRepo } from '../../modules/identity/index.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

/** Tenant tables in an order that satisfies foreign keys, with the key that pages through each. */
export const EXPORTED_TABLES: { name: string; key: string[]; order?: string; identity?: boolean }[] = [
  { name: 'users', key: ['id'] },
  { name: 'teams', key: ['id'] },
  { name: 'team_members', key: ['team_id', 'user_id'] },
  { name: 'api_tokens', key: ['id'] },
  { name: 'customers', key: ['id'], order: '(organisation_id is not null), id' },
  { name: 'customer_contacts', key: ['id'] },
  { name: 'ticket_types', key: ['id'] },
  { name: 'ticket_number_counters', key: ['day'] },
  { name: 'tickets', key: ['id'] },
  { name: 'ticket_comments', key: ['id'] },
  { name: 'ticket_events', key: ['id'], identity: true },
  { name: 'ticket_links', key: ['ticket_id', 'linked_id'] },
  { name: 'attachments', key: ['id'] },
  { name: 'idempotency_keys', key: ['key'] },
  { name: 'outbox', key: ['id'], identity: true },
  { name: 'calendars', key: ['id'] },
  { name: 'sla_policies', key: ['id'] },
  { name: 'ticket_slas', key: ['ticket_id', 'metric'] },
  { name: 'automation_rules', key: ['id'] },
  { name: 'automation_runs', key: ['rule_id', 'ticket_id', 'state_key'] },
  { name: 'macros', key: ['id'] },
  { name: 'notification_channels', key: ['id'] },
  { name: 'notifications', key: ['id'] },
  { name: 'notification_preferences', key: ['user_id'] },
  { name: 'jobs', key: ['id'], identity: true },
  { name: 'engineers', key: ['user_id'] },
  { name: 'dispatch_offers', key: ['ticket_id'] },
  { name: 'dispatch_settings', key: ['tenant_id'] },
];
const BATCH = 2_000;

type Line =
  | { format: 'loopdesk-export'; version: 1; tenant: unknown }
  | { table: string; row: Record<string, unknown> }
  | { blob: string; base64: string };

async function* rowsOf(
  db: Db,
  tenantId: string,
  table: (typeof EXPORTED_TABLES)[number],
): AsyncGenerator<Record<string, unknown>> {
  if (table.order) {
    // Small, self-referencing tables: one query in dependency order.
    const { rows } = await sql<{
      row: Record<string, unknown>;
    }>`select to_jsonb(x) as row from ${sql.table(table.name)} x where tenant_id = ${tenantId} order by ${sql.raw(table.order)}`.execute(
      db,
    );
    for (const r of rows) yield r.row;
    return;
  }
  const keys = sql.join(table.key.map((k) => sql.ref(`x.${k}`)));
  let after: unknown[] | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`and (${keys}) > (${sql.join(after.map((v) => sql`${v}`))})`
      : sql``;
    const { rows } = await sql<{
      row: Record<string, unknown>;
    }>`select to_jsonb(x) as row from ${sql.table(table.name)} x
      where tenant_id = ${tenantId} ${cursor} order by ${keys} limit ${BATCH}`.execute(db);
    for (const r of rows) yield r.row;
    if (rows.length < BATCH) return;
    const last = rows.at(-1)?.row ?? {};
    after = table.key.map((k) => last[k]);
  }
}

export const exportCommand: Command = {
  usage: 'export [--tenant SLUG] [--out FILE] [--no-blobs]   a tenant as JSON lines (stdout by default)',
  forwardable: true,
  async run({ database, config, io }, args) {
    const { values } = parseArgs({
      args,
      options: { tenant: { type: 'string' }, out: { type: 'string' }, 'no-blobs': { type: 'boolean' } },
    });
    const tenant = values.tenant
      ? await tenantsRepo.bySlug(database.db, values.tenant)
      : await tenantsRepo.first(database.db);
    if (!tenant) {
      io.err('No such tenant\n');
      return 1;
    }
    const file = values.out ? createWriteStream(values.out) : null;
    const write = async (line: Line) => {
      const text = `${JSON.stringify(line)}\n`;
      if (!file) return io.out(text);
      if (!file.write(text)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    };
    const { rows } = await sql<{
      row: unknown;
    }>`select to_jsonb(x) as row from tenants x where id = ${tenant.id}`.execute(database.db);
    await write({ format: 'loopdesk-export', version: 1, tenant: rows[0]?.row });
    let count = 0;
    const hashes = new Set<string>();
    for (const table of EXPORTED_TABLES) {
      for await (const row of rowsOf(database.db, tenant.id, table)) {
        if (table.name === 'attachments') hashes.add(String(row.sha256));
        await write({ table: table.name, row });
        count++;
      }
    }
    if (!values['no-blobs']) {
      for (const hash of hashes) {
        const path = join(config.dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
        if (existsSync(path)) await write({ blob: hash, base64: readFileSync(path).toString('base64') });
      }
    }
    if (file)
      await new Promise<void>((resolve, reject) =>
        file.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    io.err(`exported tenant ${tenant.slug}: ${count} rows, ${values['no-blobs'] ? 0 : hashes.size} files\n`);
    return 0;
  },
};

async function importLines(
  database: Database,
  dataDir: string,
  path: string,
): Promise<{ tenant: string; rows: number }> {
  return database.db.transaction().execute(async (trx) => {
    // Created right before the loop: readline starts emitting at once, and lines emitted before the
    // iterator is attached would be lost.
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
    let tenantSlug = '';
    let rows = 0;
    const identityTables = new Set<string>();
    for await (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as Line;
      if ('format' in line) {
        if (line.format !== 'loopdesk-export' || line.version !== 1)
          throw new UsageError('Not a Loopdesk export (version 1)');
        const tenant = line.tenant as { slug: string; id: string };
        const clash = (await tenantsRepo.bySlug(trx, tenant.slug)) ?? (await tenantsRepo.byId(trx, tenant.id));
        if (clash)
          throw new AppError(
            'TENANT_EXISTS_CONFLICT',
            `Tenant ${tenant.slug} already exists in this database; nothing was imported`,
          );
        await sql`insert into tenants select * from jsonb_populate_record(null::tenants, ${JSON.stringify(tenant)}::jsonb)`.execute(
          trx,
        );
        tenantSlug = tenant.slug;
      } else if ('table' in line) {
        const table = EXPORTED_TABLES.find((t) => t.name === line.table);
        if (!table || !tenantSlug) throw new UsageError(`Unexpected line for table ${line.table}`);
        const overriding = table.identity ? sql`overriding system value` : sql``;
        await sql`insert into ${sql.table(table.name)} ${overriding} select * from jsonb_populate_record(null::${sql.table(table.name)}, ${JSON.stringify(line.row)}::jsonb)`.execute(
          trx,
        );
        if (table.identity) identityTables.add(table.name);
        rows++;
      } else if ('blob' in line) {
        if (!/^[0-9a-f]{64}$/.test(line.blob)) throw new UsageError('Bad blob hash in export');
        const target = join(dataDir, 'blobs', line.blob.slice(0, 2), line.blob.slice(2, 4), line.blob);
        await mkdir(dirname(target), { recursive: true });
        if (!existsSync(target)) writeFileSync(target, Buffer.from(line.base64, 'base64'));
      }
    }
    for (const table of identityTables) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(
        trx,
      );
    }
    if (!tenantSlug) throw new UsageError('The file has no tenant header');
    return { tenant: tenantSlug, rows };
  });
}

export const importCommand: Command = {
  usage: 'import --file FILE   load a tenant exported with `loopdesk export` (ids kept; the tenant must not exist)',
  forwardable: true,
  async run({ database, config, io }, args) {
    const { values } = parseArgs({ args, options: { file: { type: 'string' } } });
    if (!values.file) throw new UsageError('usage: loopdesk import --file FILE');
    if (!existsSync(values.file)) throw new UsageError(`No such file: ${values.file}`);
    const result = await importLines(database, config.dataDir, values.file);
    io.out(`imported tenant ${result.tenant}: ${result.rows} rows\n`);
    return 0;
  },
};
