import { type Coalescer, createCoalescer } from '../../../platform/db/coalesce.ts';
import type { Context } from '../../../platform/db/context.ts';
import type { Db } from '../../../platform/db/database.ts';
import { validationFailed } from '../../../platform/errors/app-error.ts';
import { type ContactKind, type ContactRow, type CustomerRow, customersRepo } from '../customers.repo.ts';
import { type ContactInput, normaliseContact } from './contact-input.ts';
import { contactRows, customerRow } from './save-customer.ts';

export type CallerIdentity = {
  name?: string;
  phone?: string;
  email?: string;
  wecom?: string;
  wechat?: string;
  dingtalk?: string;
};

/** The customer a caller's contact points lead to, and whether identifying them needs any write. */
export type CallerMatch = { customer: CustomerRow | null; settled: boolean };

const KINDS: ContactKind[] = ['phone', 'email', 'wecom', 'wechat', 'dingtalk'];

function contactsOf(identity: CallerIdentity) {
  const contacts: ContactInput[] = [];
  for (const kind of KINDS) {
    const value = identity[kind];
    if (value?.trim()) contacts.push({ kind, value });
  }
  return contacts.map((contact) => normaliseContact(contact, `/customer/${contact.kind}`));
}

/**
 * Reads only: the customer behind the first known contact point. `settled` says nothing needs writing —
 * the customer exists and was given no contact point they lack, or the caller is anonymous.
 */
export async function matchCaller(ctx: Context, tenantId: string, identity: CallerIdentity): Promise<CallerMatch> {
  const normalised = contactsOf(identity);
  if (!normalised.length) return { customer: null, settled: !identity.name?.trim() };
  for (const contact of normalised) {
    const found = await firstByContact(ctx.db, { tenantId, kind: contact.kind, value: contact.value });
    if (found) return { customer: found, settled: normalised.length === 1 };
  }
  return { customer: null, settled: false };
}

type Lookup = { tenantId: string; kind: ContactKind; value: string };
const lookups = new WeakMap<Db, Coalescer<Lookup, CustomerRow | null>>();

/** Outside a transaction, concurrent lookups (one per incoming ticket, under load) share one statement. */
function firstByContact(db: Db, lookup: Lookup): Promise<CustomerRow | null> {
  if (db.isTransaction) return customersRepo.firstByContacts(db, [lookup]).then(([found]) => found ?? null);
  let coalesced = lookups.get(db);
  if (!coalesced) {
    coalesced = createCoalescer((batch: Lookup[]) => customersRepo.firstByContacts(db, batch), {
      maxInFlight: 1,
      maxBatch: 64,
    });
    lookups.set(db, coalesced);
  }
  return coalesced(lookup);
}

/** What identifying a caller writes: a new customer and/or contact points (empty when the match is settled). */
export type CallerWrites = { customerId: string | null; customers: CustomerRow[]; contacts: ContactRow[] };

/**
 * Plans, without writing, what makes the caller known: nothing when the match is settled; the contact points
 * the found customer lacks; or a new customer (named by the caller, else by a contact point) with them all.
 * The caller writes the plan, e.g. in the same statement as a new ticket.
 */
export function planCallerWrites(
  ctx: Pick<Context, 'clock'>,
  tenantId: string,
  identity: CallerIdentity,
  match: CallerMatch,
): CallerWrites {
  if (match.settled) return { customerId: match.customer?.id ?? null, customers: [], contacts: [] };
  const normalised = contactsOf(identity);
  if (match.customer)
    return {
      customerId: match.customer.id,
      customers: [],
      contacts: contactRows(ctx, tenantId, match.customer.id, normalised),
    };
  const name = identity.name?.trim() || identity.email?.trim() || identity.phone?.trim();
  if (!name) throw validationFailed('The customer needs a name or a contact point');
  const customer = customerRow(ctx, tenantId, { name });
  return {
    customerId: customer.id,
    customers: [customer],
    contacts: contactRows(ctx, tenantId, customer.id, normalised),
  };
}

/**
 * Finds the customer behind any of the given contact points, or creates one. A contact point the found
 * customer does not have yet is added to them, so the next lookup by it finds them too.
 */
export async function identifyCustomer(
  ctx: Context,
  tenantId: string,
  identity: CallerIdentity,
): Promise<CustomerRow | null> {
  const match = await matchCaller(ctx, tenantId, identity);
  const writes = planCallerWrites(ctx, tenantId, identity, match);
  for (const customer of writes.customers) await customersRepo.insert(ctx.db, customer);
  await customersRepo.insertContacts(ctx.db, writes.contacts);
  return match.customer ?? writes.customers[0] ?? null;
}
