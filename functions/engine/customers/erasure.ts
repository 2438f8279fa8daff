import { normaliseAddress } from '../../core/customers/address';
import { erasedHash } from '../../core/customers/address-hash';
import { NotFoundError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import { type CustomerFile, contactsOf, type ReplyRecord, type TaskRecord } from '../../ports/store/index';
import { recordAudit } from '../audit/audit';
import type { EngineDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { ownerEmailOf } from './customer-scope';

export interface ErasureResult {
  customerId: string;
  status: 'erased';
  /** When the customer was first erased: a repeat answers the same. */
  erasedAt: string;
  /** What this call removed: table items, raw emails, webhook deliveries, redemptions made anonymous. */
  removed: { items: number; rawMail: number; webhookDeliveries: number; redemptions: number };
}

/** Whether the table holds anything under the customer: a profile, deals, timeline or referrals given. */
function holdsAnything(file: CustomerFile): boolean {
  return !!file.record || file.deals.length + file.timeline.length + file.referrals.length > 0;
}

/** The customer's addresses: on the profile, and those the deals filed before a profile carried. */
function addressesOf(file: CustomerFile): string[] {
  const customer = file.record?.customer;
  return [...new Set([customer?.email, customer?.phone].flatMap((a) => (a ? [normaliseAddress(a)] : [])))];
}

/**
 * Keeps the customer's addresses suppressed, as keyed hashes only: an entry
 * the list had keeps its reason, an address that was not listed is listed as
 * `erased`; the plain entries (and soft bounces) go. A re-import of the same
 * address is then found suppressed and never messaged.
 */
async function hashAddresses(deps: EngineDeps, addresses: readonly string[], now: Date): Promise<void> {
  for (const address of addresses) {
    const listed = await deps.store.suppressions.get(address);
    await deps.store.suppressions.addErased(erasedHash(deps.settings.signingKey, address), {
      reason: listed?.reason ?? 'erased',
      at: listed ? new Date(listed.at) : now,
      source: listed?.source ?? 'erasure',
    });
    await deps.store.suppressions.remove(address);
  }
}

/**
 * The customer on the campaigns: redemptions of offer codes stay counted,
 * without whose they were; their id comes off the send lists still waiting or
 * not yet expired.
 */
async function forgetOnCampaigns(deps: EngineDeps, customerId: string): Promise<number> {
  let redemptions = 0;
  let after: string | undefined;
  do {
    const page = await deps.store.campaigns.list(100, after);
    for (const campaign of page.campaigns) {
      if (campaign.sendLists.minutes.length > 0)
        await deps.store.campaigns.removeFromSendLists(campaign.spec.id, customerId);
      if (!campaign.spec.offer) continue;
      redemptions += await deps.store.campaigns.anonymiseRedemptions(campaign.spec.id, customerId, (key) =>
        erasedHash(deps.settings.signingKey, `${campaign.spec.id}:${key}`, 'customer'),
      );
    }
    after = page.next;
  } while (after);
  return redemptions;
}

/**
 * Takes the customer off their referrer's file: the referral entry, and their
 * id in what the referrer's thank-you was keyed by (its message and the
 * referrer's state), renamed so the thank-you still counts as sent.
 */
async function forgetReferral(deps: EngineDeps, referrerId: string, customerId: string, alias: string) {
  await deps.store.customers.unlinkReferral(referrerId, customerId);
  await deps.store.erasures.renameInReferrerMessages(referrerId, customerId, alias);
  const suffix = `:${customerId}`;
  await updateState(deps, referrerId, (record) => {
    const done = Object.entries(record.state.done);
    if (!done.some(([, key]) => key.endsWith(suffix))) return undefined;
    const renamed = done.map(([rule, key]) => [
      rule,
      key.endsWith(suffix) ? `${key.slice(0, -customerId.length)}${alias}` : key,
    ]);
    return { state: { ...record.state, done: Object.fromEntries(renamed) } };
  }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
}

/**
 * Erases a customer everywhere the engine keeps them: the alarm, the
 * addresses (kept on the suppression list as keyed hashes only), offer
 * redemptions (kept counted, anonymous), the campaigns' send lists, referral links both ways, the inbox
 * and task board copies, the raw mail, webhook deliveries about them, and
 * last their partition (profile, index entries, deals, timeline). The note of
 * the erasure and the audit name them by a keyed hash of their id. Idempotent:
 * a repeat, or a retry after a crash part-way, finishes it and answers alike.
 * @example const { erasedAt } = await eraseCustomer(deps, 'c-42', 'api-key');
 */
export async function eraseCustomer(
  deps: EngineDeps,
  customerId: string,
  actor: Actor,
): Promise<ErasureResult> {
  const now = deps.clock.now();
  const idHash = erasedHash(deps.settings.signingKey, customerId, 'customer');
  const file = await deps.store.customers.getFile(customerId);
  const deliveries = await deps.store.webhooks.deliveriesAbout({ customerId });
  if (!holdsAnything(file) && deliveries.length === 0) {
    const erasedAt = await deps.store.erasures.erasedAt(idHash);
    if (!erasedAt) throw new NotFoundError(`customer ${customerId} not found`);
    return {
      customerId,
      status: 'erased',
      erasedAt,
      removed: { items: 0, rawMail: 0, webhookDeliveries: 0, redemptions: 0 },
    };
  }
  // First, so a crash part-way still answers a repeat as erased once the rest is gone.
  const erasedAt = await deps.store.erasures.markErased(idHash, now);
  await deps.scheduler.disarm(customerId);
  await hashAddresses(deps, addressesOf(file), now);
  for (const contact of contactsOf(file.record?.customer ?? {}))
    await deps.store.contacts.remove({ contact, customerId });
  const redemptions = await forgetOnCampaigns(deps, customerId);
  const referrer = file.record?.customer.referredBy;
  if (referrer) await forgetReferral(deps, referrer, customerId, `~${idHash}`);
  for (const referred of file.referrals)
    await deps.store.erasures.clearReferrer(referred.customerId, customerId);
  const replies = file.timeline.filter((e): e is ReplyRecord & { type: 'reply' } => e.type === 'reply');
  // The owner's own copies too, filed under the owner the customer has now.
  const owner = file.record ? ownerEmailOf(file.record.customer) : {};
  for (const reply of replies) await deps.store.inbox.remove({ ...reply, ...owner });
  const tasks = file.timeline.filter((e): e is TaskRecord & { type: 'task' } => e.type === 'task');
  for (const task of tasks) await deps.store.taskBoard.remove({ ...task, ...owner });
  const rawMail = await deps.mailArchive.erase({
    customerId,
    rawMailKeys: replies.flatMap((reply) => (reply.rawMailKey ? [reply.rawMailKey] : [])),
  });
  const webhookDeliveries = await deps.store.webhooks.forget({ customerId });
  const items = await deps.store.erasures.forgetCustomer(customerId);
  await recordAudit(deps, {
    action: 'customer.erased',
    target: `customer:${idHash}`,
    by: actor,
    after: { items, rawMail, webhookDeliveries, redemptions },
  });
  return {
    customerId,
    status: 'erased',
    erasedAt,
    removed: { items, rawMail, webhookDeliveries, redemptions },
  };
}
