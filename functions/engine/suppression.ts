import { normaliseAddress } from '../core/address';
import type { SuppressionReason, SuppressionRecord } from '../ports/store/index';
import type { EngineDeps } from './deps';

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
  const listed = await deps.store.suppressions.add(normaliseAddress(address), {
    reason,
    at: deps.clock.now(),
    source,
  });
  // The address itself stays out of the logs.
  if (listed) deps.log('address.suppressed', { channel: channelOf(address), reason, source });
  return listed;
}

/**
 * The suppression of an address, if it is on the list (one GetItem).
 * @example if (await suppressionOf(deps, to)) return { status: 'unreachable', reason: 'suppressed-address' };
 */
export function suppressionOf(deps: EngineDeps, address: string): Promise<SuppressionRecord | undefined> {
  return deps.store.suppressions.get(normaliseAddress(address));
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
