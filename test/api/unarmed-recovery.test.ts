import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// The write paths that file a customer and then plan them, cut between the two writes:
// the customer filed and never planned is still in the alarm index, due at once, so the
// recovery sweep finds and arms them; nothing is lost and nothing is sent twice.
describe('no customer without an alarm', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine({ start: '2027-03-02T01:00:00Z' });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await engine.dispose();
  });

  const sweep = () => engine.json<{ rearmed: number }>('POST', '/_local/sweep');

  it('a customer filed but never planned (the process died after the profile write) is armed by the next sweep', async () => {
    // The process dies before the alarm is set, so the state save that plans the customer never happens.
    const arm = vi.spyOn(engine.scheduler, 'arm').mockRejectedValueOnce(new Error('process killed'));
    const filed = await engine.call('PUT', '/v1/customers/c-cut', { ...WANG, email: 'cut@example.com' });
    expect(filed.status).toBe(500);
    arm.mockRestore();
    expect(engine.scheduler.pendingAt('c-cut')).toBeUndefined();
    const record = await engine.deps.store.customers.get('c-cut');
    expect(record?.nextAt).toBe('2027-03-02T01:00:00.000Z');

    // Within the grace period the sweep leaves it; one period on it is found and armed.
    expect((await sweep()).body.rearmed).toBe(0);
    await engine.advance('PT16M');
    expect((await sweep()).body.rearmed).toBe(1);
    await engine.advance('PT0S');
    const planned = await engine.deps.store.customers.get('c-cut');
    expect(planned?.nextAt).not.toBe('2027-03-02T01:00:00.000Z');
    expect(engine.scheduler.pendingAt('c-cut')?.toISOString()).toBe(planned?.nextAt);
  });

  it('a state save that died after the alarm was set leaves the customer armed, and the retry plans them once', async () => {
    const save = vi
      .spyOn(engine.deps.store.customers, 'saveState')
      .mockRejectedValueOnce(new Error('process killed'));
    expect(
      (await engine.call('PUT', '/v1/customers/c-arm', { ...WANG, email: 'arm@example.com' })).status,
    ).toBe(500);
    save.mockRestore();
    expect(engine.scheduler.pendingAt('c-arm')).toBeDefined();
    // The backend retries the same request: the customer is planned and armed once.
    expect(
      (await engine.call('PUT', '/v1/customers/c-arm', { ...WANG, email: 'arm@example.com' })).status,
    ).toBe(200);
    const record = await engine.deps.store.customers.get('c-arm');
    expect(record?.nextAt).toBeDefined();
    expect(engine.scheduler.pendingAt('c-arm')?.toISOString()).toBe(record?.nextAt);
  });
});
