import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { type ContactRow, type CustomerRow, customersRepo } from '../customers.repo.ts';
import { type ContactInput, normaliseContact } from './contact-input.ts';

export type CustomerInput = {
  kind?: CustomerRow['kind'];
  name: string;
  organisationId?: string | null;
  notes?: string;
  tier?: string | null;
  contacts?: ContactInput[];
};

async function checkOrganisation(
  ctx: Context,
  tenantId: string,
  organisationId: string | null | undefined,
): Promise<void> {
  if (!organisationId) return;
  const org = await customersRepo.byId(ctx.db, tenantId, organisationId);
  if (org?.kind !== 'organisation') {
    throw validationFailed('organisationId must name an organisation', [
      { path: '/organisationId', message: 'is not an organisation' },
    ]);
  }
}

export function contactRows(
  ctx: Pick<Context, 'clock'>,
  tenantId: string,
  customerId: string,
  contacts: ContactInput[],
): ContactRow[] {
  const now = ctx.clock.now();
  const seen = new Set<string>();
  const rows: ContactRow[] = [];
  contacts.forEach((contact, index) => {
    const normalised = normaliseContact(contact, `/contacts/${index}/value`);
    const key = `${normalised.kind}:${normalised.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({
      tenant_id: tenantId,
      id: newId(now.getTime()),
      customer_id: customerId,
      ...normalised,
      created_at: now,
    });
  });
  return rows;
}

/** A new customer's row (not written). */
export function customerRow(ctx: Pick<Context, 'clock'>, tenantId: string, input: CustomerInput): CustomerRow {
  const now = ctx.clock.now();
  return {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    kind: input.kind ?? 'person',
    name: input.name,
    organisation_id: input.organisationId ?? null,
    notes: input.notes ?? '',
    tier: input.tier?.trim() || null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

export async function createCustomer(
  ctx: Context,
  tenantId: string,
  input: CustomerInput,
): Promise<{ customer: CustomerRow; contacts: ContactRow[] }> {
  const name = input.name.trim();
  if (!name) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
  await checkOrganisation(ctx, tenantId, input.organisationId);
  const customer = customerRow(ctx, tenantId, { ...input, name });
  const contacts = contactRows(ctx, tenantId, customer.id, input.contacts ?? []);
  await customersRepo.insert(ctx.db, customer);
  await customersRepo.insertContacts(ctx.db, contacts);
  return { customer, contacts };
}

export async function updateCustomer(
  ctx: Context,
  options: { tenantId: string; customerId: string; expectedVersion: number; changes: Partial<CustomerInput> },
): Promise<{ customer: CustomerRow; contacts: ContactRow[] }> {
  const { tenantId, customerId, changes } = options;
  const current = await customersRepo.byId(ctx.db, tenantId, customerId);
  if (!current) throw new AppError('CUSTOMER_NOT_FOUND', 'Customer not found');
  if (current.version !== options.expectedVersion)
    throw new AppError('VERSION_MISMATCH', 'The customer was changed by someone else; reload');
  if (changes.organisationId === customerId) throw validationFailed('A customer cannot belong to itself');
  await checkOrganisation(ctx, tenantId, changes.organisationId);
  const set: Parameters<typeof customersRepo.update>[4] = { updated_at: ctx.clock.now() };
  if (changes.name !== undefined) {
    if (!changes.name.trim()) throw validationFailed('Name is required', [{ path: '/name', message: 'is required' }]);
    set.name = changes.name.trim();
  }
  if (changes.kind !== undefined) set.kind = changes.kind;
  if (changes.organisationId !== undefined) set.organisation_id = changes.organisationId;
  if (changes.notes !== undefined) set.notes = changes.notes;
  if (changes.tier !== undefined) set.tier = changes.tier?.trim() || null;
  const customer = await customersRepo.update(ctx.db, tenantId, customerId, options.expectedVersion, set);
  if (!customer) throw new AppError('VERSION_MISMATCH', 'The customer was changed by someone else; reload');
  if (changes.contacts) {
    const rows = contactRows(ctx, tenantId, customerId, changes.contacts);
    await customersRepo.deleteContacts(ctx.db, tenantId, customerId);
    await customersRepo.insertContacts(ctx.db, rows);
  }
  return { customer, contacts: await customersRepo.contactsOf(ctx.db, tenantId, [customerId]) };
}
