import { describe, expect, it } from 'vitest';
import { normaliseOfferCode, offerCodeFor, redeemOffer } from '../../../functions/core/campaigns/offers';
import { type EngineState, emptyState } from '../../../functions/core/planning/state';

const KEY = 'a-signing-key-for-the-tests';
const now = new Date('2027-03-20T02:00:00Z');

describe('offerCodeFor', () => {
  it('is the same for the same campaign and customer, and different for any other', () => {
    const code = offerCodeFor(KEY, 'cmp-1', 'c-1', 'SPRING');
    expect(code).toMatch(/^SPRING-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(offerCodeFor(KEY, 'cmp-1', 'c-1', 'SPRING')).toBe(code);
    expect(offerCodeFor(KEY, 'cmp-1', 'c-2', 'SPRING')).not.toBe(code);
    expect(offerCodeFor(KEY, 'cmp-2', 'c-1', 'SPRING')).not.toBe(code);
    // Keyed: without the signing key nobody can work out a customer's code.
    expect(offerCodeFor('another-key-entirely', 'cmp-1', 'c-1', 'SPRING')).not.toBe(code);
  });

  it('survives being retyped: case, spaces, and O/I/L for 0/1', () => {
    expect(normaliseOfferCode(' spring-0k3m1qx2td ')).toBe('SPRING-0K3M1QX2TD');
    expect(normaliseOfferCode('SPRING-OK3MlQX2TD')).toBe('SPRING-0K3M1QX2TD');
  });
});

describe('redeemOffer', () => {
  const code = offerCodeFor(KEY, 'cmp-1', 'c-1', 'SPRING');
  const state: EngineState = {
    ...emptyState,
    offers: [{ campaignId: 'cmp-1', code, expiresOn: '2027-04-16' }],
  };

  it('redeems the customer’s code once, on the deal that presents it', () => {
    const first = redeemOffer(state, code.toLowerCase(), 'D-1', '2027-03-20', now);
    expect(first.status).toBe('redeemed');
    expect(first.campaignId).toBe('cmp-1');
    expect(first.state.offers).toEqual([
      { campaignId: 'cmp-1', code, expiresOn: '2027-04-16', redeemedAt: now.toISOString(), dealId: 'D-1' },
    ]);
    // The same deal again (a retry, a later stage) is a repeat; another deal finds it used.
    expect(redeemOffer(first.state, code, 'D-1', '2027-03-21', now)).toMatchObject({
      status: 'repeat',
      state: first.state,
    });
    expect(redeemOffer(first.state, code, 'D-2', '2027-03-21', now)).toMatchObject({
      status: 'used',
      state: first.state,
    });
  });

  it('refuses an expired code and one that is not the customer’s, changing nothing', () => {
    expect(redeemOffer(state, code, 'D-1', '2027-04-17', now)).toEqual({
      status: 'expired',
      code,
      campaignId: 'cmp-1',
      state,
    });
    expect(redeemOffer(state, code, 'D-1', '2027-04-16', now).status).toBe('redeemed');
    const other = offerCodeFor(KEY, 'cmp-1', 'c-2', 'SPRING');
    expect(redeemOffer(state, other, 'D-1', '2027-03-20', now)).toEqual({
      status: 'unknown',
      code: other,
      state,
    });
  });
});
