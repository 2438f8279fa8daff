import type { Customer } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import { type CustomerScope, inScope } from '../../core/team/roles';
import type { StoreDeps } from '../deps';

/** The answer for a customer outside the scope: the same as for one that does not exist. */
export function customerNotFound(customerId: string): NotFoundError {
  return new NotFoundError(`customer ${customerId} not found`);
}

/**
 * Refuses (404, as if there were no such customer) a customer outside the
 * scope: an owner asking for another owner's. The whole scope costs nothing.
 * @example await requireInScope(deps, 'c-42', scopeFor(c));
 */
export async function requireInScope(
  deps: StoreDeps<'customers'>,
  customerId: string,
  scope: CustomerScope,
): Promise<void> {
  if (scope.kind === 'all') return;
  const record = await deps.store.customers.get(customerId);
  if (!record || !inScope(scope, record.customer)) throw customerNotFound(customerId);
}

/** The customer as read, or a 404 when it is outside the scope. */
export function withinScope<T extends { customer: Pick<Customer, 'customerId' | 'owner'> }>(
  scope: CustomerScope,
  found: T,
): T {
  if (!inScope(scope, found.customer)) throw customerNotFound(found.customer.customerId);
  return found;
}

/** The owner's email an entry is filed under (lower-cased), when the customer has one. */
export function ownerEmailOf(customer: Pick<Customer, 'owner'>): { ownerEmail?: string } {
  const email = customer.owner?.email?.toLowerCase();
  return email ? { ownerEmail: email } : {};
}
