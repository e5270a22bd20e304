// The reference for ticket creation: the same number of equivalent ticket rows, each a plain
// parameterised single-row INSERT (autocommit) into a scratch copy of tickets with all its indexes
// and defaults (`like tickets including all`), from 10 concurrent pg clients (PGlite: its one session).
import { defaultDueAt, searchDocumentOf } from '../../src/modules/tickets/index.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import type { CreateBody } from './bodies.ts';
import { chinaDay, TICKET_COLS } from './rows.ts';
import type { Sink } from './target.ts';

export type RawResult = { rows: number; clients: number; seconds: number; rowsPerSec: number; failed: number };

export type RawInput = {
  count: number;
  bodies: CreateBody[];
  tenantId: string;
  adminId: string;
  typeIds: { desk: string; field_service: string };
  customerIds: string[];
};

function rawRows(input: RawInput): unknown[][] {
  const rows: unknown[][] = [];
  const day = chinaDay(Date.now()).replaceAll('-', '');
  for (let i = 0; i < input.count; i++) {
    const body = input.bodies[i % input.bodies.length] as CreateBody;
    const now = new Date();
    const number = `T-${day}-${String(i + 1).padStart(4, '0')}`;
    const customerId = input.customerIds[i % input.customerIds.length] ?? null;
    rows.push([
      input.tenantId,
      newId(now.getTime()),
      number,
      input.typeIds[body.type],
      'new',
      'new',
      body.priority,
      body.channel,
      body.subject,
      body.description,
      customerId,
      body.location?.address ?? null,
      body.location?.lat ?? null,
      body.location?.lng ?? null,
      body.tags,
      '{}',
      null,
      null,
      null,
      defaultDueAt(now, body.priority),
      input.adminId,
      now,
      now,
      null,
      null,
      1,
      searchDocumentOf(body, []),
    ]);
  }
  return rows;
}

export async function rawInsertReference(sink: Sink, input: RawInput): Promise<RawResult> {
  await sink.exec(
    'drop table if exists bench_raw_tickets; create table bench_raw_tickets (like tickets including all)',
  );
  const rows = rawRows(input);
  const placeholders = TICKET_COLS.map((_, i) => `$${i + 1}`).join(', ');
  const insert = `insert into bench_raw_tickets (${TICKET_COLS.join(', ')}) values (${placeholders})`;
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (let i = next++; i < rows.length; i = next++) {
      await sink.query(insert, rows[i]).catch(() => {
        failed++;
      });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: sink.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const [stored] = await sink.query<{ n: number }>('select count(*)::int as n from bench_raw_tickets');
  await sink.exec('drop table bench_raw_tickets');
  if ((stored?.n ?? 0) !== rows.length - failed)
    throw new Error(`raw insert stored ${stored?.n} of ${rows.length - failed} rows`);
  return {
    rows: rows.length,
    clients: sink.concurrency,
    seconds: Math.round(seconds * 1000) / 1000,
    rowsPerSec: Math.round(((rows.length - failed) / seconds) * 100) / 100,
    failed,
  };
}
