import type { ContactKind, ContactRow, CustomerRow } from './customers.repo.ts';

export type ContactPointView = { id: string; kind: ContactKind; value: string; label: string };
export type CustomerView = {
  id: string;
  kind: CustomerRow['kind'];
  name: string;
  organisationId: string | null;
  notes: string;
  tier: string | null;
  contacts: ContactPointView[];
  createdAt: string;
  updatedAt: string;
};

export function customerView(row: CustomerRow, contacts: ContactRow[]): CustomerView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organisationId: row.organisation_id,
    notes: row.notes,
    tier: row.tier ?? null,
    contacts: contacts
      .filter((c) => c.customer_id === row.id)
      .map((c) => ({ id: c.id, kind: c.kind, value: c.value, label: c.label })),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
