import { validationFailed } from '../../../platform/errors/app-error.ts';
import { normaliseEmail, normaliseImId, normalisePhone } from '../contact-point.ts';
import type { ContactKind } from '../customers.repo.ts';

export type ContactInput = { kind: ContactKind; value: string; label?: string };

/** One normalised form per contact point, so lookups by any spelling of a number find the customer. */
export function normaliseContact(
  input: ContactInput,
  path: string,
): { kind: ContactKind; value: string; label: string } {
  const label = input.label?.trim() ?? '';
  if (input.kind === 'phone') {
    const phone = normalisePhone(input.value);
    if (!phone.ok)
      throw validationFailed(`Not a phone number: ${input.value}`, [{ path, message: 'is not a phone number' }]);
    return { kind: 'phone', value: phone.e164, label: label || phone.kind };
  }
  if (input.kind === 'email') {
    const email = normaliseEmail(input.value);
    if (!email.ok)
      throw validationFailed(`Not an e-mail address: ${input.value}`, [{ path, message: 'is not an e-mail address' }]);
    return { kind: 'email', value: email.value, label };
  }
  const im = normaliseImId(input.kind, input.value);
  if (!im.ok)
    throw validationFailed(`Not a valid ${input.kind} id`, [{ path, message: `is not a valid ${input.kind} id` }]);
  return { kind: input.kind, value: im.value, label };
}
