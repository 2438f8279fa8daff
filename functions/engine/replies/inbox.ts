import type { Customer } from '../../core/customers/customer';
import { excerpt } from '../../core/replies/excerpt';
import { type CustomerScope, inScope } from '../../core/team/roles';
import type { InboxEntry, ReplyRecord } from '../../ports/store/index';
import { ownerEmailOf } from '../customers/customer-scope';
import type { StoreDeps } from '../deps';

/** What the inbox keeps of a reply's text: enough to read at a glance; the timeline has it whole. */
const INBOX_TEXT_BYTES = 2_000;

/**
 * Files a reply in the cross-customer inbox and its owner's, its text cut to a
 * glance and without the sender's raw address (the timeline keeps both).
 * @example await fileInInbox(deps, customer, reply);
 */
export async function fileInInbox(
  deps: StoreDeps<'inbox'>,
  customer: Pick<Customer, 'name' | 'owner'>,
  reply: ReplyRecord,
): Promise<void> {
  const { from: _from, text, ...rest } = reply;
  await deps.store.inbox.file({
    ...rest,
    text: excerpt(text, INBOX_TEXT_BYTES),
    customerName: customer.name,
    ...ownerEmailOf(customer),
  });
}

/**
 * Entries an owner may see: their own board's copies of customers still
 * theirs (a customer handed to someone else leaves with their entries).
 */
export async function stillTheirs<T extends { customerId: string }>(
  deps: StoreDeps<'customers'>,
  scope: CustomerScope,
  entries: T[],
): Promise<T[]> {
  if (scope.kind === 'all' || entries.length === 0) return entries;
  const records = await deps.store.customers.getMany(entries.map((e) => e.customerId));
  const theirs = new Set(records.filter((r) => inScope(scope, r.customer)).map((r) => r.customer.customerId));
  return entries.filter((e) => theirs.has(e.customerId));
}

/**
 * The latest replies, complaints first: across customers, or an owner's own
 * (their inbox's copies, still theirs). One Query, and for an owner one BatchGet.
 * @example const replies = await recentReplies(deps, 50, undefined, scopeFor(c));
 */
export async function recentReplies(
  deps: StoreDeps<'inbox' | 'customers'>,
  limit: number,
  after: string | undefined,
  scope: CustomerScope,
): Promise<{ replies: InboxEntry[]; next?: string }> {
  const page = await deps.store.inbox.recent(limit, after, scope.kind === 'owner' ? scope.email : undefined);
  return { ...page, replies: await stillTheirs(deps, scope, page.replies) };
}
