import type { Context } from '../../../platform/db/context.ts';
import { validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { type ContactKind, type CustomerRow, customersRepo } from '../customers.repo.ts';
import { type ContactInput, normaliseContact } from './contact-input.ts';
import { createCustomer } from './save-customer.ts';

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
    const [found] = await customersRepo.byContact(ctx.db, tenantId, contact.kind, contact.value);
    if (found) return { customer: found, settled: normalised.length === 1 };
  }
  return { customer: null, settled: false };
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
  const normalised = contactsOf(identity);
  const match = await matchCaller(ctx, tenantId, identity);
  if (match.settled) return match.customer;
  const found = match.customer;
  if (found) {
    const now = ctx.clock.now();
    await customersRepo.insertContacts(
      ctx.db,
      normalised.map((c) => ({
        tenant_id: tenantId,
        id: newId(now.getTime()),
        customer_id: found.id,
        ...c,
        created_at: now,
      })),
    );
    return found;
  }
  const name = identity.name?.trim() || identity.email?.trim() || identity.phone?.trim();
  if (!name) throw validationFailed('The customer needs a name or a contact point');
  return (await createCustomer(ctx, tenantId, { name, contacts: normalised })).customer;
}
