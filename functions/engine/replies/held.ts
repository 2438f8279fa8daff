import type { Customer } from '../../core/customers/customer';
import type { HoldReason } from '../../core/replies/authentication';
import type { ReplyKind } from '../../core/replies/classify';
import type { ReplyRecord } from '../../ports/store/index';
import type { EngineDeps } from '../deps';
import { fileInInbox } from './inbox';

/** A message kept on the timeline and in the inbox, marked, and not acted on. */
export interface HeldOutcome {
  status: 'held';
  customerId: string;
  replyId: string;
  kind: ReplyKind;
  reason: HoldReason;
  messageId?: string;
}

/**
 * Keeps a message that is not to be acted on (its receipt verdicts failed, or
 * it came from another address than the one on file for the customer its
 * routing token names): the timeline entry and the inbox copy, marked with
 * the reason, so the owner sees it. Nothing else: no state change (the chase
 * runs on, no complaint flag, no unsubscribe), no suppression, no
 * acknowledgement, no alert, no counters.
 * @example await holdReply(deps, customer, entry, 'failed-authentication');
 */
export async function holdReply(
  deps: EngineDeps,
  customer: Customer,
  reply: Omit<ReplyRecord, 'customerId' | 'at' | 'untrusted'>,
  reason: HoldReason,
): Promise<HeldOutcome | { status: 'duplicate'; customerId: string; replyId: string }> {
  const { customerId } = customer;
  const entry: ReplyRecord = {
    ...reply,
    customerId,
    at: deps.clock.now().toISOString(),
    untrusted: reason,
  };
  const added = await deps.store.timeline.addEntry({ type: 'reply', ...entry });
  if (!added) {
    const stored = await deps.store.timeline.getEntry({ type: 'reply', customerId, id: reply.id });
    if (stored) await fileInInbox(deps, customer, stored);
    return { status: 'duplicate', customerId, replyId: reply.id };
  }
  await fileInInbox(deps, customer, entry);
  deps.metrics.count('RepliesHeld', { reason });
  deps.log('reply.held', { customerId, replyId: reply.id, kind: reply.kind, reason });
  return {
    status: 'held',
    customerId,
    replyId: reply.id,
    kind: reply.kind,
    reason,
    ...(reply.messageId ? { messageId: reply.messageId } : {}),
  };
}
