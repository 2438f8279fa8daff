import { createHmac } from 'node:crypto';
import type { EngineState } from '../planning/state';

// Crockford's base32: no I, L, O or U, so a code read aloud or retyped survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;

/**
 * The customer's code for a campaign's offer: a keyed HMAC of the campaign and
 * the customer, so a retried page computes the same code, nobody can guess
 * another customer's, and no code table is needed.
 * @example offerCodeFor(key, 'cmp-1', 'c-42', 'SPRING') // 'SPRING-7K3M9QX2TD'
 */
export function offerCodeFor(secret: string, campaignId: string, customerId: string, prefix: string): string {
  const digest = createHmac('sha256', secret).update(`offer\u0000${campaignId}\u0000${customerId}`).digest();
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[digest[i]! % 32];
  return `${prefix}-${code}`;
}

/** The spelling codes are compared in: upper case, no spaces, and the letters people confuse with digits read as digits. */
export function normaliseOfferCode(code: string): string {
  const upper = code.trim().toUpperCase().replace(/\s+/g, '');
  const dash = upper.lastIndexOf('-');
  const body = upper
    .slice(dash + 1)
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return dash === -1 ? body : `${upper.slice(0, dash)}-${body}`;
}

export type RedemptionStatus = 'redeemed' | 'repeat' | 'used' | 'expired' | 'unknown';

export interface Redemption {
  status: RedemptionStatus;
  code: string;
  campaignId?: string;
  state: EngineState;
}

/**
 * A deal presenting an offer code: the first deal within the expiry redeems
 * it; the same deal again is a `repeat` (a retried webhook, a later stage);
 * another deal finds it `used`; after `expiresOn` it is `expired`; a code that
 * is not this customer's is `unknown`. Only a redemption changes the state.
 * @example redeemOffer(state, 'SPRING-7K3M9QX2TD', 'D-1', '2027-03-20', now).status // 'redeemed'
 */
export function redeemOffer(
  state: EngineState,
  code: string,
  dealId: string,
  on: string,
  now: Date,
): Redemption {
  const wanted = normaliseOfferCode(code);
  const offer = state.offers.find((o) => normaliseOfferCode(o.code) === wanted);
  if (!offer) return { status: 'unknown', code: wanted, state };
  const found = { code: offer.code, campaignId: offer.campaignId, state };
  if (offer.redeemedAt) return { ...found, status: offer.dealId === dealId ? 'repeat' : 'used' };
  if (on > offer.expiresOn) return { ...found, status: 'expired' };
  const redeemed = { ...offer, redeemedAt: now.toISOString(), dealId };
  return {
    ...found,
    status: 'redeemed',
    state: { ...state, offers: state.offers.map((o) => (o === offer ? redeemed : o)) },
  };
}
