import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';

export type TicketSlaRow = {
  tenant_id: string;
  ticket_id: string;
  metric: 'firstResponse' | 'nextUpdate' | 'onSite' | 'resolution';
  policy_id: string | null;
  target_minutes: number;
  started_at: Date;
  status: 'running' | 'paused' | 'met' | 'breached';
  due_at: Date | null;
  met_at: Date | null;
  breached_at: Date | null;
  used_ms: number;
  paused_ms: number;
  breached_cycles: number;
  warnings: { percent: number; at: string | null }[];
  next_warning_percent: number | null;
  next_warning_at: Date | null;
  warned_percent: number;
  breach_announced_for: Date | null;
  updated_at: Date;
};

const COLUMNS = sql.raw(`tenant_id, ticket_id, metric, policy_id, target_minutes, started_at, status, due_at, met_at,
  breached_at, used_ms::float8 as used_ms, paused_ms::float8 as paused_ms, breached_cycles, warnings,
  next_warning_percent, next_warning_at, warned_percent, breach_announced_for, updated_at`);

const RECORD = sql.raw(`x(tenant_id uuid, ticket_id uuid, metric text, policy_id uuid, target_minutes integer,
  started_at timestamptz, status text, due_at timestamptz, met_at timestamptz, breached_at timestamptz,
  used_ms bigint, paused_ms bigint, breached_cycles integer, warnings jsonb, next_warning_percent integer,
  next_warning_at timestamptz, warned_percent integer, breach_announced_for timestamptz, updated_at timestamptz)`);

export const ticketSlasRepo = {
  /** The ticket's clocks, locked: recomputing and the scans never announce the same moment twice. */
  forTicketLocked: async (db: Db, tenantId: string, ticketId: string): Promise<TicketSlaRow[]> =>
    (
      await sql<TicketSlaRow>`select ${COLUMNS} from ticket_slas
        where tenant_id = ${tenantId} and ticket_id = ${ticketId} order by metric for update`.execute(db)
    ).rows,
  forTicket: async (db: Db, tenantId: string, ticketId: string): Promise<TicketSlaRow[]> =>
    (
      await sql<TicketSlaRow>`select ${COLUMNS} from ticket_slas
        where tenant_id = ${tenantId} and ticket_id = ${ticketId} order by metric`.execute(db)
    ).rows,
  /** Which of these tickets have clocks. */
  ticketsWithClocks: async (db: Db, tenantId: string, ticketIds: string[]): Promise<string[]> =>
    ticketIds.length
      ? (
          await sql<{ ticket_id: string }>`select distinct ticket_id from ticket_slas
            where tenant_id = ${tenantId} and ticket_id = any(${ticketIds}::uuid[])`.execute(db)
        ).rows.map((row) => row.ticket_id)
      : [],
  /** Writes the ticket's clocks and removes the metrics it no longer has. */
  replace: async (db: Db, tenantId: string, ticketId: string, rows: TicketSlaRow[]): Promise<void> => {
    await sql`with gone as (
        delete from ticket_slas where tenant_id = ${tenantId} and ticket_id = ${ticketId}
          and not (metric = any(${rows.map((row) => row.metric)}::text[]))
      )
      insert into ticket_slas select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${RECORD}
      on conflict (tenant_id, ticket_id, metric) do update set policy_id = excluded.policy_id,
        target_minutes = excluded.target_minutes, started_at = excluded.started_at, status = excluded.status,
        due_at = excluded.due_at, met_at = excluded.met_at, breached_at = excluded.breached_at,
        used_ms = excluded.used_ms, paused_ms = excluded.paused_ms, breached_cycles = excluded.breached_cycles,
        warnings = excluded.warnings, next_warning_percent = excluded.next_warning_percent,
        next_warning_at = excluded.next_warning_at, warned_percent = excluded.warned_percent,
        breach_announced_for = excluded.breach_announced_for, updated_at = excluded.updated_at`.execute(db);
  },
  /** Running clocks whose due time has come and whose breach nobody announced: by the partial due index. */
  dueForBreach: async (db: Db, now: Date, limit: number): Promise<TicketSlaRow[]> =>
    (
      await sql<TicketSlaRow>`select ${COLUMNS} from ticket_slas
        where status = 'running' and breach_announced_for is null and due_at <= ${now}
        order by due_at limit ${limit} for update skip locked`.execute(db)
    ).rows,
  dueForWarning: async (db: Db, now: Date, limit: number): Promise<TicketSlaRow[]> =>
    (
      await sql<TicketSlaRow>`select ${COLUMNS} from ticket_slas
        where status = 'running' and next_warning_at is not null and next_warning_at <= ${now}
        order by next_warning_at limit ${limit} for update skip locked`.execute(db)
    ).rows,
};

export const ticketSlaMarks = {
  breached: (db: Db, row: TicketSlaRow, now: Date) =>
    sql`update ticket_slas set status = 'breached', breached_at = due_at, breach_announced_for = due_at,
        next_warning_at = null, next_warning_percent = null, updated_at = ${now}
      where tenant_id = ${row.tenant_id} and ticket_id = ${row.ticket_id} and metric = ${row.metric}`.execute(db),
  warned: (db: Db, row: TicketSlaRow, warned: number, next: { percent: number; at: Date } | null, now: Date) =>
    sql`update ticket_slas set warned_percent = ${warned}, next_warning_percent = ${next?.percent ?? null},
        next_warning_at = ${next?.at ?? null}, updated_at = ${now}
      where tenant_id = ${row.tenant_id} and ticket_id = ${row.ticket_id} and metric = ${row.metric}`.execute(db),
};
