import { type ExpressionBuilder, sql } from 'kysely';
import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { decodeCursor, encodeCursor } from '../../../platform/http/cursor.ts';
import { toTsquery } from '../../../platform/search/index.ts';
import { TICKET_COLUMNS, type TicketRow, type TicketTables, t } from '../tickets.repo.ts';
import type { StatusCategory } from '../workflow/workflow.ts';
import type { Actor } from './ticket-context.ts';

export type TicketSort = 'created' | '-created' | 'updated' | '-updated' | 'priority' | '-priority' | 'due' | '-due';
export type TicketQuery = {
  status?: string;
  statusCategory?: string;
  open?: boolean;
  priority?: string;
  assigneeId?: string;
  teamId?: string;
  tag?: string;
  channel?: string;
  customerId?: string;
  type?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  field?: string[];
  q?: string;
  sort?: TicketSort;
  limit?: number;
  cursor?: string;
};

const SORT_COLUMN = { created: 'created_at', updated: 'updated_at', priority: 'priority', due: 'due_at' } as const;
const NUMBER = /^\[?#?(T-\d{8}-\d{4,})\]?$/i;
const FIELD_FILTER = /^([a-z][a-z0-9_]{0,39}):(.{1,200})$/s;
const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

function sortValue(row: TicketRow, column: (typeof SORT_COLUMN)[keyof typeof SORT_COLUMN]): string | null {
  const value = row[column];
  return value instanceof Date ? value.toISOString() : value === null ? null : String(value);
}

/** Filters, one sort and keyset pagination (the cursor holds the last row's sort value and id). */
export async function findTickets(
  ctx: Context,
  tenantId: string,
  actor: Actor,
  query: TicketQuery,
  options: { searchWindow?: number } = {},
): Promise<{ items: TicketRow[]; nextCursor: string | null }> {
  const searchWindow = options.searchWindow ?? SEARCH_WINDOW;
  const limit = query.limit ?? 50;
  const sort = query.sort ?? '-created';
  const descending = sort.startsWith('-');
  const column = SORT_COLUMN[sort.replace('-', '') as keyof typeof SORT_COLUMN];
  let q = t(ctx.db).selectFrom('tickets').select(TICKET_COLUMNS).where('tenant_id', '=', tenantId);

  if (actor.type === 'user' && actor.principal.role === 'engineer')
    q = q.where('assignee_id', '=', actor.principal.userId);
  const statuses = list(query.status);
  if (statuses.length) q = q.where('status', 'in', statuses);
  // The open set is written out literally so the planner can use the partial index on exactly it.
  if (query.open) q = q.where(sql<boolean>`status_category in ('new', 'open', 'pending')`);
  const categories = list(query.statusCategory) as StatusCategory[];
  if (categories.length) q = q.where('status_category', 'in', categories);
  const priorities = list(query.priority) as TicketRow['priority'][];
  if (priorities.length) q = q.where('priority', 'in', priorities);
  if (query.assigneeId === 'none') q = q.where('assignee_id', 'is', null);
  else if (query.assigneeId === 'me' && actor.type === 'user') q = q.where('assignee_id', '=', actor.principal.userId);
  else if (query.assigneeId) q = q.where('assignee_id', '=', query.assigneeId);
  if (query.teamId === 'none') q = q.where('team_id', 'is', null);
  else if (query.teamId) q = q.where('team_id', '=', query.teamId);
  if (query.tag) q = q.where(sql<boolean>`tags @> ${sql.val([query.tag])}::text[]`);
  const channels = list(query.channel);
  if (channels.length) q = q.where('channel', 'in', channels);
  if (query.customerId) q = q.where('customer_id', '=', query.customerId);
  if (query.type) {
    const typeKey = query.type;
    q = q.where('type_id', '=', (eb: ExpressionBuilder<TicketTables, 'tickets'>) =>
      eb
        .selectFrom('ticket_types')
        .select('ticket_types.id')
        .where('ticket_types.tenant_id', '=', tenantId)
        .where('ticket_types.key', '=', typeKey),
    );
  }
  if (query.createdFrom) q = q.where('created_at', '>=', new Date(query.createdFrom));
  if (query.createdTo) q = q.where('created_at', '<', new Date(query.createdTo));
  if (query.updatedFrom) q = q.where('updated_at', '>=', new Date(query.updatedFrom));
  if (query.updatedTo) q = q.where('updated_at', '<', new Date(query.updatedTo));
  for (const filter of query.field ?? []) {
    const match = FIELD_FILTER.exec(filter);
    if (!match)
      throw new AppError('INVALID_QUERY', 'A field filter reads key:value, e.g. field=product_model:KFR-35GW');
    q = q.where(sql<boolean>`custom_fields ->> ${match[1]} = ${match[2]}`);
  }
  const number = NUMBER.exec(query.q?.trim() ?? '');
  if (number) {
    // A ticket number (as typed, or as `[#T-…]` from an e-mail subject) is looked up by its own index.
    q = q.where('number', '=', (number[1] as string).toUpperCase());
  } else if (query.q?.trim()) {
    const tsquery = toTsquery(query.q);
    if (!tsquery) return { items: [], nextCursor: null };
    q = q.where(sql<boolean>`search @@ ${tsquery}::tsquery`);
  }
  let after: [string | null, string] | null = null;
  if (query.cursor) {
    const part = column === 'priority' ? 'priority' : column === 'due_at' ? 'nullable-timestamp' : 'timestamp';
    after = decodeCursor(query.cursor, [part, 'uuid']) as [string | null, string];
    const [value, id] = after;
    const col = sql.ref(column);
    // NULL sorts last ascending and first descending, as PostgreSQL does by default.
    if (value === null) {
      q = descending
        ? q.where(sql<boolean>`(${col} is not null or (${col} is null and id < ${id}))`)
        : q.where(sql<boolean>`(${col} is null and id > ${id})`);
    } else {
      const typed = column === 'priority' ? sql`${value}` : sql`${value}::timestamptz`;
      q = descending
        ? q.where(sql<boolean>`(${col}, id) < (${typed}, ${id}::uuid)`)
        : q.where(sql<boolean>`((${col}, id) > (${typed}, ${id}::uuid) or ${col} is null)`);
    }
  }
  q = q
    .orderBy(column, descending ? 'desc' : 'asc')
    .orderBy('id', descending ? 'desc' : 'asc')
    .limit(limit + 1);
  let rows: TicketRow[] | null = null;
  if (query.q?.trim() && !number && sort === '-created' && searchWindow > 0) {
    // Newest first is what people want from a search, and a common word matches a large share of all
    // tickets: PostgreSQL then fetches and sorts every match. Looking among the newest tickets first
    // fills the page from a short index range; only when that window has too few matches (a rare word)
    // does the full search run, and for rare words the GIN index is fast.
    // sort is -created here, so the cursor (when there is one) holds a creation time.
    const start = await recentWindowStart(ctx, tenantId, searchWindow, after as [string, string] | null);
    if (start) {
      const windowed = (await q.where('created_at', '>=', start).execute()) as TicketRow[];
      if (windowed.length > limit) rows = windowed;
    }
  }
  rows ??= (await q.execute()) as TicketRow[];
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([sortValue(last, column), last.id]) : null };
}

const SEARCH_WINDOW = 5_000;

/** The creation time of the SEARCH_WINDOW-th newest ticket (before the cursor), or null when there are fewer. */
async function recentWindowStart(
  ctx: Context,
  tenantId: string,
  size: number,
  after: [string, string] | null,
): Promise<Date | null> {
  let query = t(ctx.db).selectFrom('tickets').select('created_at').where('tenant_id', '=', tenantId);
  if (after) query = query.where(sql<boolean>`(created_at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const row = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(size - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.created_at) : null;
}
