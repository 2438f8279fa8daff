import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { flushAfter } from '../../../functions/ports/metrics/index';
import { InMemoryMetrics } from '../../../functions/ports/metrics/memory';
import { createPowertoolsMetrics } from '../../../functions/ports/metrics/powertools';

/** The EMF documents written to stdout, parsed. */
function emfLines(write: MockInstance): Record<string, unknown>[] {
  return write.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Powertools metrics adapter', () => {
  let write: MockInstance;
  beforeEach(() => {
    write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    write.mockRestore();
  });

  it('sums counts during the invocation and writes one EMF line per set of dimensions on flush', () => {
    const metrics = createPowertoolsMetrics();
    metrics.count('MessagesSent', { channel: 'email' });
    metrics.count('Fires');
    metrics.count('MessagesSent', { channel: 'email' });
    metrics.count('MessagesSent', { channel: 'sms' });
    metrics.count('MessagesFailed', { channel: 'email' });
    metrics.count('SweepRearms', {}, 3);
    expect(emfLines(write)).toEqual([]);

    metrics.flush();
    const lines = emfLines(write);
    const timestamp = expect.any(Number);
    expect(lines).toEqual([
      {
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            {
              Namespace: 'Nurture',
              Dimensions: [['service', 'channel']],
              Metrics: [
                { Name: 'MessagesSent', Unit: 'Count' },
                { Name: 'MessagesFailed', Unit: 'Count' },
              ],
            },
          ],
        },
        service: 'nurture',
        channel: 'email',
        MessagesSent: 2,
        MessagesFailed: 1,
      },
      {
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            {
              Namespace: 'Nurture',
              Dimensions: [['service']],
              Metrics: [
                { Name: 'Fires', Unit: 'Count' },
                { Name: 'SweepRearms', Unit: 'Count' },
              ],
            },
          ],
        },
        service: 'nurture',
        Fires: 1,
        SweepRearms: 3,
      },
      {
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            {
              Namespace: 'Nurture',
              Dimensions: [['service', 'channel']],
              Metrics: [{ Name: 'MessagesSent', Unit: 'Count' }],
            },
          ],
        },
        service: 'nurture',
        channel: 'sms',
        MessagesSent: 1,
      },
    ]);
  });

  it('starts afresh after a flush, and writes nothing when nothing was counted', () => {
    const metrics = createPowertoolsMetrics();
    metrics.flush();
    expect(write).not.toHaveBeenCalled();
    metrics.count('Replies', { kind: 'complaint' });
    metrics.flush();
    metrics.count('Replies', { kind: 'complaint' });
    metrics.flush();
    const lines = emfLines(write);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ kind: 'complaint', Replies: 1 });
  });

  it('flushes once after the work, also when the work throws', async () => {
    const metrics = createPowertoolsMetrics();
    await expect(
      flushAfter(metrics, async () => {
        metrics.count('Fires');
        throw new Error('fire failed');
      }),
    ).rejects.toThrow('fire failed');
    expect(emfLines(write)).toEqual([expect.objectContaining({ Fires: 1 })]);
    expect(await flushAfter(metrics, async () => 'done')).toBe('done');
    expect(emfLines(write)).toHaveLength(1);
  });
});

describe('in-memory metrics', () => {
  it('keeps totals per series, in any key order, and counts flushes', async () => {
    const metrics = new InMemoryMetrics();
    metrics.count('DeliveryEvents', { event: 'bounce' });
    metrics.count('DeliveryEvents', { event: 'complaint' });
    metrics.count('DeliveryEvents', { event: 'bounce' }, 2);
    metrics.count('Replies', { kind: 'reply', channel: 'sms' });
    metrics.count('Replies', { channel: 'sms', kind: 'reply' });
    await flushAfter(metrics, async () => undefined);

    expect(metrics.total('DeliveryEvents', { event: 'bounce' })).toBe(3);
    expect(metrics.total('DeliveryEvents')).toBe(4);
    expect(metrics.total('Replies', { channel: 'sms', kind: 'reply' })).toBe(2);
    expect(metrics.total('Fires')).toBe(0);
    expect(metrics.flushes).toBe(1);
    expect(metrics.totals()).toEqual([
      { name: 'DeliveryEvents', dimensions: { event: 'bounce' }, value: 3 },
      { name: 'DeliveryEvents', dimensions: { event: 'complaint' }, value: 1 },
      { name: 'Replies', dimensions: { kind: 'reply', channel: 'sms' }, value: 2 },
    ]);
  });
});
