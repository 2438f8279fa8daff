import type { Customer } from '../../core/customers/customer';
import { excerpt } from '../../core/replies/excerpt';
import type { InboxEntry, ReplyRecord } from '../../ports/store/index';
import type { StoreDeps } from '../deps';

/** What the inbox keeps of a reply's text: enough to read at a glance; the timeline has it whole. */
const INBOX_TEXT_BYTES = 2_000;

/**
 * Files a reply in the cross-customer inbox, its text cut to a glance and
 * without the sender's raw address (the timeline keeps both).
 * @example await fileInInbox(deps, customer, reply);
 */
export async function fileInInbox(
  deps: StoreDeps<'inbox'>,
  customer: Pick<Customer, 'name'>,
  reply: ReplyRecord,
): Promise<void> {
  const { from: _from, text, ...rest } = reply;
  await deps.store.inbox.file({
    ...rest,
    text: excerpt(text, INBOX_TEXT_BYTES),
    customerName: customer.name,
  });
}

/**
 * The latest replies across customers, complaints first: one Query.
 * @example const replies = await recentReplies(deps, 50);
 */
export function recentReplies(
  deps: StoreDeps<'inbox'>,
  limit: number,
  after?: string,
): Promise<{ replies: InboxEntry[]; next?: string }> {
  return deps.store.inbox.recent(limit, after);
}
