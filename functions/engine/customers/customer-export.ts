import { erasedHash } from '../../core/customers/address-hash';
import type { Customer } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import type { EngineState } from '../../core/planning/state';
import type { Actor } from '../../core/team/roles';
import type { CustomerFile, SuppressionRecord, WebhookDeliveryRecord } from '../../ports/store/index';
import { recordAudit } from '../audit/audit';
import type { EngineDeps } from '../deps';
import { suppressionOf } from '../send/suppression';

/** Everything the engine holds about one customer, as one JSON document (a data subject's access request). */
export interface CustomerExport {
  exportedAt: string;
  customerId: string;
  /** The file as the backend filed it, or null when only deals arrived. */
  profile: Customer | null;
  /** What the engine decided and remembers: chases, flags, caps, offers, the latest messages. */
  engineState: EngineState | null;
  createdAt: string | null;
  updatedAt: string | null;
  deals: CustomerFile['deals'];
  /** Messages, replies, tasks, notes and delivery events, oldest first. */
  timeline: CustomerFile['timeline'];
  referrals: { referredBy: string | null; given: CustomerFile['referrals'] };
  /** The customer's addresses on the suppression list. */
  suppressions: SuppressionRecord[];
  /** What integrators were sent about the customer, with the events' data. */
  webhookDeliveries: Omit<WebhookDeliveryRecord, 'subject'>[];
}

/**
 * Everything held about a customer, in one document: the profile and engine
 * state, deals, the whole timeline (messages with their text, replies,
 * tasks, notes, delivery events), referrals, their addresses' suppressions,
 * and the webhook deliveries about them. Reads only; audited.
 * @example const document = await exportCustomer(deps, 'c-42', 'api-key');
 */
export async function exportCustomer(
  deps: EngineDeps,
  customerId: string,
  actor: Actor,
): Promise<CustomerExport> {
  const file = await deps.store.customers.getFile(customerId);
  const deliveries = await deps.store.webhooks.deliveriesAbout({ customerId });
  if (!file.record && file.deals.length + file.timeline.length === 0) {
    throw new NotFoundError(`customer ${customerId} not found`);
  }
  const customer = file.record?.customer;
  const suppressions: SuppressionRecord[] = [];
  for (const address of [customer?.email, customer?.phone]) {
    const listed = address ? await suppressionOf(deps, address) : undefined;
    if (listed) suppressions.push(listed);
  }
  await recordAudit(deps, {
    action: 'customer.exported',
    target: `customer:${erasedHash(deps.settings.signingKey, customerId, 'customer')}`,
    by: actor,
  });
  return {
    exportedAt: deps.clock.now().toISOString(),
    customerId,
    profile: customer ?? null,
    engineState: file.record?.state ?? null,
    createdAt: file.record?.createdAt ?? null,
    updatedAt: file.record?.updatedAt ?? null,
    deals: file.deals,
    timeline: file.timeline,
    referrals: { referredBy: customer?.referredBy ?? null, given: file.referrals },
    suppressions,
    webhookDeliveries: deliveries.map(({ subject: _s, ...delivery }) => delivery),
  };
}
