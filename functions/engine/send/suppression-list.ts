import { normaliseAddress } from '../../core/customers/address';
import { erasedHash } from '../../core/customers/address-hash';
import { toE164 } from '../../core/customers/phone';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import type { SuppressionReason, SuppressionRecord } from '../../ports/store/index';
import { recordAudit } from '../audit/audit';
import type { EngineDeps, StoreDeps } from '../deps';
import { updateState } from '../fire/update-state';
import { suppressAddress, suppressionOf } from './suppression';

export type SuppressionView = SuppressionRecord & { channel: 'email' | 'sms' };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * An address as the list spells it, with its channel; a ValidationError for
 * what is no email address or phone number, or whose channel is not `channel`.
 * @example listedAddress(' Wang.Fang@Example.com ') // { address: 'wang.fang@example.com', channel: 'email' }
 */
export function listedAddress(
  raw: string,
  channel?: 'email' | 'sms',
): { address: string; channel: 'email' | 'sms' } {
  const trimmed = raw.trim();
  const isEmail = trimmed.includes('@');
  const address = normaliseAddress(trimmed);
  const valid = isEmail ? EMAIL.test(address) && address.length <= 254 : toE164(trimmed) !== undefined;
  if (!valid) {
    const message = 'must be an email address or a phone number in +E.164 form';
    throw new ValidationError(`invalid suppression: address: ${message}`, [{ path: 'address', message }]);
  }
  const actual = isEmail ? 'email' : 'sms';
  if (channel && channel !== actual) {
    const message = `is an ${actual === 'email' ? 'email address' : 'SMS number'}, not a ${channel} address`;
    throw new ValidationError(`invalid suppression: channel: the address ${message}`, [
      { path: 'channel', message },
    ]);
  }
  return { address, channel: actual };
}

const view = (record: SuppressionRecord): SuppressionView => ({
  ...record,
  channel: record.address.includes('@') ? 'email' : 'sms',
});

/** The list, a page at a time: from `q` (the start of an address), of one `reason` if asked. */
export async function listSuppressions(
  deps: StoreDeps<'suppressions'>,
  query: { q?: string; reason?: SuppressionReason; limit: number; cursor?: string },
): Promise<{ suppressions: SuppressionView[]; next: string | null }> {
  const page = await deps.store.suppressions.list({
    limit: query.limit,
    ...(query.q ? { q: query.q } : {}),
    ...(query.reason ? { reason: query.reason } : {}),
    ...(query.cursor ? { after: query.cursor } : {}),
  });
  return { suppressions: page.suppressions.map(view), next: page.next ?? null };
}

/** A suppression change in the audit trail, its address only as its keyed hash. */
async function audit(
  deps: EngineDeps,
  action: 'suppression.added' | 'suppression.removed',
  address: string,
  by: Actor,
  after: Record<string, string | boolean>,
) {
  await recordAudit(deps, {
    by,
    action,
    target: `address:${erasedHash(deps.settings.signingKey, address)}`,
    after,
  });
}

/**
 * Lists an address by hand (an admin, through the API or the console): as
 * every listing does, it flags the customers filed with it and tells the
 * integrators. Listed already: answered as it stands, the first reason kept.
 */
export async function putSuppression(
  deps: EngineDeps,
  raw: string,
  request: { channel: 'email' | 'sms'; reason: SuppressionReason },
  actor: Actor,
): Promise<{ created: boolean; suppression: SuppressionView }> {
  const { address, channel } = listedAddress(raw, request.channel);
  const created = await suppressAddress(
    deps,
    address,
    request.reason,
    actor.id.startsWith('key:') ? 'api' : 'console',
  );
  if (created) await audit(deps, 'suppression.added', address, actor, { channel, reason: request.reason });
  const listed = await deps.store.suppressions.get(address);
  if (!listed) throw new NotFoundError(`suppression of the ${channel} address vanished while listing it`);
  return { created, suppression: view(listed) };
}

/**
 * Takes an address off the list, and its flag off the customers filed with
 * it, so they may be messaged again; `reason` says why (for the audit). A
 * complaint is a customer's own "never again": it goes only with `force`. Also
 * drops what an erasure left of the address. Not listed: `removed: null`.
 */
export async function removeSuppression(
  deps: EngineDeps,
  raw: string,
  request: { reason: string; force: boolean },
  actor: Actor,
): Promise<{ removed: SuppressionView | null }> {
  const { address, channel } = listedAddress(raw);
  const listed = await suppressionOf(deps, address);
  if (!listed) return { removed: null };
  if (listed.reason === 'complaint' && !request.force) {
    throw new ConflictError(
      `the ${channel} address was listed by the customer's own complaint: send force: true to remove it anyway`,
    );
  }
  await deps.store.suppressions.remove(address);
  await deps.store.suppressions.removeErased(erasedHash(deps.settings.signingKey, address));
  const customers = await deps.store.customers.findByContact(
    channel === 'email' ? { email: address } : { phone: address },
  );
  for (const customerId of customers) {
    await updateState(deps, customerId, (record) => {
      const filed = channel === 'email' ? record.customer.email : record.customer.phone;
      if (!filed || normaliseAddress(filed) !== address || !record.state.suppressed[channel])
        return undefined;
      const { [channel]: _lifted, ...rest } = record.state.suppressed;
      return { state: { ...record.state, suppressed: rest } };
    }).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
    });
  }
  await audit(deps, 'suppression.removed', address, actor, {
    channel,
    was: listed.reason,
    reason: request.reason,
    forced: request.force,
  });
  return { removed: view(listed) };
}
