import { describe, expect, it } from 'vitest';
import { counterWindow } from '../../../functions/engine/stats/counter-window';
import { requestsDuring } from '../../support/dynamo-requests';
import { startDynalite, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-03T10:00:00Z');
let now = T0;
const clock = { now: () => now };

describe('template counters summed over a window, as a send batch sums them', () => {
  const fixture = storeOnServer(startDynalite, 'counter-window', 'dynalite', () => T0);
  const updates = async (work: () => Promise<unknown>) =>
    (await requestsDuring(fixture.server.client, work))[1].filter((r) => r.command === 'UpdateItem').length;
  const sent = async (template: string) =>
    (await fixture.store.stats.templateCounts()).find((row) => row.template === template)?.sent ?? 0;

  it('writes once per ten counts, and a read of the counts writes what is held first', async () => {
    const window = counterWindow(fixture.store, clock, () => {}, { counts: 10, ms: 60_000 });
    expect(
      await updates(async () => {
        for (let i = 0; i < 9; i++) await window.counting.stats.countTemplate('window-hello', 'sent', T0);
      }),
    ).toBe(0);
    expect(await sent('window-hello')).toBe(0);
    expect(await updates(() => window.counting.stats.countTemplate('window-hello', 'sent', T0))).toBe(1);
    expect(await sent('window-hello')).toBe(10);

    await window.counting.stats.countTemplate('window-hello', 'delivered', T0, 2);
    const read = await window.reading.stats.templateCounts();
    expect(read.find((row) => row.template === 'window-hello')).toMatchObject({ sent: 10, delivered: 2 });
    await window.flush();
    expect(await sent('window-hello')).toBe(10);
  });

  it('writes what a quiet window holds once its time is up', async () => {
    const window = counterWindow(fixture.store, clock, () => {}, { counts: 10, ms: 50 });
    await window.counting.stats.countTemplate('window-quiet', 'sent', T0, 3);
    expect(await sent('window-quiet')).toBe(0);
    await new Promise((done) => setTimeout(done, 200));
    expect(await sent('window-quiet')).toBe(3);
  });

  it('writes counts a second apart on the engine clock one by one, as sends spread over the day are on AWS', async () => {
    const window = counterWindow(fixture.store, clock, () => {}, { counts: 10, ms: 1_000 });
    const spread = await updates(async () => {
      for (let i = 0; i < 3; i++) {
        now = new Date(T0.getTime() + i * 120_000);
        await window.counting.stats.countTemplate('window-spread', 'sent', now);
      }
    });
    // The first two written as the next came, the third still held.
    expect(spread).toBe(2);
    expect(await sent('window-spread')).toBe(2);
    const read = await window.reading.stats.templateCounts();
    expect(read.find((row) => row.template === 'window-spread')?.sent).toBe(3);
    now = T0;
  });

  it("holds a campaign's counts with the templates', and a read of its progress writes them first", async () => {
    const window = counterWindow(fixture.store, clock, () => {}, { counts: 10, ms: 60_000 });
    const counting = await updates(async () => {
      await window.counting.campaigns.count('window-spring', 2, { sent: 1 });
      await window.counting.campaigns.count('window-spring', 5, { sent: 1 });
    });
    expect(counting).toBe(0);
    expect((await fixture.store.campaigns.counts('window-spring')).sent).toBe(0);
    expect((await window.reading.campaigns.counts('window-spring')).sent).toBe(2);
  });
});
