import { stopChases } from '../../core/cadence/chase';
import { normaliseAddress } from '../../core/customers/address';
import { erasedHash } from '../../core/customers/address-hash';
import type { Customer } from '../../core/customers/customer';
import { NotFoundError } from '../../core/errors';
import type { EngineState } from '../../core/planning/state';
import type { CustomerRecord, SuppressionReason, SuppressionRecord } from '../../ports/store/index';
import type { EngineDeps, StoreDeps } from '../deps';
import { updateState } from '../fire/update-state';

/** Soft bounces within 30 days that put an address on the list. */
export const SOFT_BOUNCE_LIMIT = 3;

function channelOf(address: string): 'email' | 'sms' {
  return address.includes('@') ? 'email' : 'sms';
}

/**
 * Puts an address on the suppression list: it is never messaged again, by
 * any rule, for any customer who has it, nor as an owner's. Idempotent; the
 * first reason stays. True when this call listed it.
 * @example await suppressAddress(deps, '+8613800138000', 'stop', 'sms-stop');
 */
export async function suppressAddress(
  deps: EngineDeps,
  address: string,
  reason: SuppressionReason,
  source: string,
): Promise<boolean> {
  const normalised = normaliseAddress(address);
  const at = deps.clock.now();
  const listed = await deps.store.suppressions.add(normalised, { reason, at, source });
  // The address itself stays out of the logs.
  if (listed) deps.log('address.suppressed', { channel: channelOf(address), reason, source });
  const customers = await flagCustomers(deps, normalised, reason, at);
  if (listed) {
    const channel = channelOf(normalised);
    for (const customerId of customers) {
      await deps.webhooks.emit(
        'customer.suppressed',
        { customerId, channel, address: normalised, reason, source, at: at.toISOString() },
        // Keyed by the listing's time: listed again after a removal, it is a new event.
        { subject: { customerId }, key: [customerId, normalised, reason, at.toISOString()] },
      );
    }
  }
  return listed;
}

/**
 * Mirrors a listed address onto every customer filed with it, so the send
 * path reads the flag from the state it already holds instead of paying a
 * lookup on every message. Idempotent: a retry after a crash completes it.
 */
async function flagCustomers(deps: EngineDeps, address: string, reason: string, at: Date): Promise<string[]> {
  const channel = channelOf(address);
  const customers = await deps.store.customers.findByContact(
    channel === 'email' ? { email: address } : { phone: address },
  );
  for (const customerId of customers) {
    await updateState(deps, customerId, (record) => {
      const current = channel === 'email' ? record.customer.email : record.customer.phone;
      if (!current || normaliseAddress(current) !== address || record.state.suppressed[channel])
        return undefined;
      return {
        state: {
          ...record.state,
          chases: stopChases(record.state.chases, at, 'suppressed-address'),
          suppressed: { ...record.state.suppressed, [channel]: { reason, at: at.toISOString() } },
        },
      };
    }).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
    });
  }
  return customers;
}

/**
 * A customer's channel flags once their email or phone changed: the new
 * address brings its suppression with it, and an address-quality flag of the
 * old one (a bounce) no longer applies. A withdrawn consent (unsubscribe, STOP,
 * complaint) stays. One GetItem per changed address.
 */
export async function contactFlags(
  deps: Pick<EngineDeps, 'settings'> & StoreDeps<'suppressions'>,
  record: CustomerRecord,
  channels: readonly ('email' | 'sms')[],
  now: Date,
): Promise<EngineState['suppressed']> {
  const listed = new Map<string, SuppressionRecord>();
  for (const channel of channels) {
    const address = addressOn(record.customer, channel);
    const found = address ? await suppressionOf(deps, address) : undefined;
    if (address && found) listed.set(normaliseAddress(address), found);
  }
  return flagsFrom(record, channels, listed, now);
}

function addressOn(customer: Customer, channel: 'email' | 'sms'): string | undefined {
  return channel === 'email' ? customer.email : customer.phone;
}

/**
 * `contactFlags` with the list already read (`listed`, by normalised address):
 * a batch reads the suppressions of all its addresses at once.
 */
export function flagsFrom(
  record: Pick<CustomerRecord, 'customer' | 'state'>,
  channels: readonly ('email' | 'sms')[],
  listed: ReadonlyMap<string, SuppressionRecord>,
  now: Date,
): EngineState['suppressed'] {
  let suppressed = record.state.suppressed;
  for (const channel of channels) {
    const address = addressOn(record.customer, channel);
    const listing = address ? listed.get(normaliseAddress(address)) : undefined;
    const flag = suppressed[channel];
    if (listing && !flag)
      suppressed = { ...suppressed, [channel]: { reason: listing.reason, at: now.toISOString() } };
    if (!listing && flag && ADDRESS_QUALITY.has(flag.reason)) {
      const { [channel]: _cleared, ...rest } = suppressed;
      suppressed = rest;
    }
  }
  return suppressed;
}

/** Reasons that belong to an address, not to the person: they go when the address changes. */
const ADDRESS_QUALITY = new Set(['hard-bounce', 'soft-bounce-repeated']);

/**
 * The suppression of an address, if it is on the list, itself or as what the
 * erasure of a customer left of it (its keyed hash), so an erased customer
 * filed again is never messaged: one BatchGetItem.
 * @example if (await suppressionOf(deps, to)) return { status: 'unreachable', reason: 'suppressed-address' };
 */
export function suppressionOf(
  deps: Pick<EngineDeps, 'settings'> & StoreDeps<'suppressions'>,
  address: string,
): Promise<SuppressionRecord | undefined> {
  const normalised = normaliseAddress(address);
  return deps.store.suppressions.get(normalised, erasedHash(deps.settings.signingKey, normalised));
}

/**
 * Counts a soft bounce; the third within 30 days lists the address as
 * `soft-bounce-repeated`. Call it once per bounce event (the caller dedupes).
 * @example const { count, suppressed } = await recordSoftBounce(deps, 'a@example.com', at, 'ses:bounce');
 */
export async function recordSoftBounce(
  deps: EngineDeps,
  address: string,
  at: Date,
  source: string,
): Promise<{ count: number; suppressed: boolean }> {
  const count = await deps.store.suppressions.recordSoftBounce(normaliseAddress(address), at);
  if (count < SOFT_BOUNCE_LIMIT) return { count, suppressed: false };
  await suppressAddress(deps, address, 'soft-bounce-repeated', source);
  return { count, suppressed: true };
}
