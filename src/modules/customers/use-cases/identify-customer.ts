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

const KINDS: ContactKind[] = ['phone', 'email', 'wecom', 'wechat', 'dingtalk'];

/**
 * Finds the customer behind any of the given contact points, or creates one. A contact point the found
 * customer does not have yet is added to them, so the next lookup by it finds them too.
 */
export async function identifyCustomer(
  ctx: Context,
  tenantId: string,
  identity: CallerIdentity,
): Promise<CustomerRow | null> {
  const contacts: ContactInput[] = [];
  for (const kind of KINDS) {
    const value = identity[kind];
    if (value?.trim()) contacts.push({ kind, value });
  }
  const normalised = contacts.map((contact) => normaliseContact(contact, `/customer/${contact.kind}`));
  if (!normalised.length) {
    if (!identity.name?.trim()) return null;
    return (await createCustomer(ctx, tenantId, { name: identity.name })).customer;
  }
  for (const contact of normalised) {
    const [found] = await customersRepo.byContact(ctx.db, tenantId, contact.kind, contact.value);
    if (found) {
      const now = ctx.clock.now();
      const others = normalised.filter((c) => c.kind !== contact.kind || c.value !== contact.value);
      if (others.length)
        await customersRepo.insertContacts(
          ctx.db,
          others.map((c) => ({
            tenant_id: tenantId,
            id: newId(now.getTime()),
            customer_id: found.id,
            ...c,
            created_at: now,
          })),
        );
      return found;
    }
  }
  const name = identity.name?.trim() || identity.email?.trim() || identity.phone?.trim();
  if (!name) throw validationFailed('The customer needs a name or a contact point');
  return (await createCustomer(ctx, tenantId, { name, contacts })).customer;
}
