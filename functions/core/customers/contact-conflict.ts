import { normaliseTerm } from '../campaigns/segment';
import type { Customer } from './customer';

/** The contact a customer being filed shares with someone on file by another name. */
export interface ContactConflict {
  field: 'phone' | 'email';
  existing: { customerId: string; name: string };
}

/** Whether two names are one: compared NFKC, trimmed, single-spaced, case-insensitive. */
export function sameName(a: string, b: string): boolean {
  return normaliseTerm(a) === normaliseTerm(b);
}

function sameContact(field: ContactConflict['field'], a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  return field === 'email' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b;
}

/**
 * The first customer on file who holds the candidate's phone (then email)
 * under a different name, or undefined when every holder has the candidate's
 * name (a re-import) or none holds them. Phones compare in E.164, emails
 * case-insensitively.
 * @example contactConflict(zhangWei, [wangFang])?.existing.name // '王芳'
 */
export function contactConflict(
  candidate: Pick<Customer, 'name' | 'phone' | 'email'>,
  onFile: readonly Pick<Customer, 'customerId' | 'name' | 'phone' | 'email'>[],
): ContactConflict | undefined {
  for (const field of ['phone', 'email'] as const) {
    const value = candidate[field];
    if (value === undefined) continue;
    const holder = onFile.find(
      (customer) => sameContact(field, customer[field], value) && !sameName(customer.name, candidate.name),
    );
    if (holder) return { field, existing: { customerId: holder.customerId, name: holder.name } };
  }
  return undefined;
}
