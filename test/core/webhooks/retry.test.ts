import { describe, expect, it } from 'vitest';
import { deliveryVerdict, MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../../../functions/core/webhooks/retry';

describe('deliveryVerdict', () => {
  it('ends a delivery on any 2xx', () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(deliveryVerdict({ status }, 1)).toEqual({ kind: 'delivered' });
  });

  it('disables on 410 Gone, at any attempt', () => {
    expect(deliveryVerdict({ status: 410 }, 1)).toEqual({ kind: 'gone', reason: 'HTTP 410 (Gone)' });
    expect(deliveryVerdict({ status: 410 }, MAX_ATTEMPTS)).toMatchObject({ kind: 'gone' });
  });

  it('retries anything else on the schedule, for a day and more, then gives up', () => {
    expect(deliveryVerdict({ status: 500 }, 1)).toEqual({
      kind: 'retry',
      afterSeconds: 5,
      reason: 'HTTP 500',
    });
    expect(deliveryVerdict({ status: 302 }, 2)).toMatchObject({ kind: 'retry', afterSeconds: 300 });
    expect(deliveryVerdict({ error: 'connect ECONNREFUSED' }, 3)).toEqual({
      kind: 'retry',
      afterSeconds: 1800,
      reason: 'connect ECONNREFUSED',
    });
    const waited = RETRY_DELAYS_SECONDS.reduce((sum, s) => sum + s, 0);
    expect(waited).toBeGreaterThan(24 * 3600);
    expect(Math.max(...RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(12 * 3600); // SQS's visibility limit
    expect(deliveryVerdict({ status: 503 }, MAX_ATTEMPTS - 1)).toMatchObject({
      kind: 'retry',
      afterSeconds: 36_000,
    });
    expect(deliveryVerdict({ status: 503 }, MAX_ATTEMPTS)).toEqual({
      kind: 'dead',
      reason: `HTTP 503; gave up after ${MAX_ATTEMPTS} attempts`,
    });
  });
});
