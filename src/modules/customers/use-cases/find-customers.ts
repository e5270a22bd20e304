import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { decodeCursor, encodeCursor } from '../../../platform/http/cursor.ts';
import { normaliseEmail, normalisePhone } from '../contact-point.ts';
import { type ContactKind, type CustomerRow, customersRepo } from '../customers.repo.ts';
import { type CustomerView, customerView } from '../customers.views.ts';

export type CustomerQuery = {
  q?: string;
  phone?: string;
  email?: string;
  contact?: string;
  limit?: number;
  cursor?: string;
};

async function withContacts(ctx: Context, tenantId: string, rows: CustomerRow[]): Promise<CustomerView[]> {
  const contacts = await customersRepo.contactsOf(
    ctx.db,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((row) => customerView(row, contacts));
}

/** A contact lookup (phone, e-mail or any contact value) or a name search, paged by name. */
export async function findCustomers(
  ctx: Context,
  tenantId: string,
  query: CustomerQuery,
): Promise<{ items: CustomerView[]; nextCursor: string | null }> {
  const lookups: { kind: ContactKind; value: string }[] = [];
  const phoneText = query.phone ?? query.contact;
  const emailText = query.email ?? query.contact;
  if (phoneText) {
    const phone = normalisePhone(phoneText);
    if (phone.ok) lookups.push({ kind: 'phone', value: phone.e164 });
  }
  if (emailText) {
    const email = normaliseEmail(emailText);
    if (email.ok) lookups.push({ kind: 'email', value: email.value });
  }
  if (query.contact)
    for (const kind of ['wecom', 'wechat', 'dingtalk'] as const) lookups.push({ kind, value: query.contact.trim() });
  if (query.phone || query.email || query.contact) {
    const found = new Map<string, CustomerRow>();
    for (const lookup of lookups)
      for (const row of await customersRepo.byContact(ctx.db, tenantId, lookup.kind, lookup.value))
        found.set(row.id, row);
    return { items: await withContacts(ctx, tenantId, [...found.values()]), nextCursor: null };
  }
  const limit = query.limit ?? 50;
  let after: { name: string; id: string } | null = null;
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor, ['text', 'uuid']);
    if (typeof name !== 'string' || typeof id !== 'string')
      throw new AppError('INVALID_CURSOR', 'The cursor is not one this server issued');
    after = { name, id };
  }
  const rows = await customersRepo.search(ctx.db, tenantId, query.q?.trim() ?? '', limit + 1, after);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withContacts(ctx, tenantId, page),
    nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}

export async function getCustomer(
  ctx: Context,
  tenantId: string,
  id: string,
): Promise<{ row: CustomerRow; view: CustomerView }> {
  const row = await customersRepo.byId(ctx.db, tenantId, id);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', 'Customer not found');
  const [view] = await withContacts(ctx, tenantId, [row]);
  return { row, view: view as CustomerView };
}

export async function findDuplicateCustomers(
  ctx: Context,
  tenantId: string,
  id: string,
): Promise<{ customer: CustomerView; reasons: string[] }[]> {
  const { row } = await getCustomer(ctx, tenantId, id);
  const { shared, similar } = await customersRepo.duplicatesOf(ctx.db, tenantId, row);
  const reasons = new Map<string, string[]>();
  for (const s of shared)
    reasons.set(s.customer_id, [...(reasons.get(s.customer_id) ?? []), `same ${s.kind} ${s.value}`]);
  for (const s of similar)
    reasons.set(s.id, [...(reasons.get(s.id) ?? []), `similar name (${Number(s.score).toFixed(2)})`]);
  const rows = await customersRepo.byIds(ctx.db, tenantId, [...reasons.keys()]);
  const views = await withContacts(ctx, tenantId, rows);
  return views.map((customer) => ({ customer, reasons: reasons.get(customer.id) ?? [] }));
}
