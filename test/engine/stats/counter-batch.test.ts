import { describe, expect, it } from 'vitest';
import { batchCounters } from '../../../functions/engine/stats/counter-batch';
import { startDynalite, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-02-06T02:00:00Z'); // Saturday of 2027-W05
const MONDAY = new Date('2027-02-08T09:00:00Z'); // 2027-W06

describe('counters summed per batch', () => {
  const fixture = storeOnServer(startDynalite, 'counter-batch', 'dynalite', () => T0);

  /** UpdateItem requests the store sends while `work` runs. */
  async function updatesDuring(work: () => Promise<void>): Promise<number> {
    let updates = 0;
    const name = `count-${Math.random().toString(36).slice(2)}`;
    fixture.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^Update(Item)?Command$/.test(context.commandName ?? '')) updates++;
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      await work();
    } finally {
      fixture.db.middlewareStack.remove(name);
    }
    return updates;
  }

  it('writes nothing until flushed, then one write per template and week and one per campaign', async () => {
    const batch = batchCounters(fixture.store, () => {});
    const counting = await updatesDuring(async () => {
      for (let i = 0; i < 7; i++) await batch.store.stats.countTemplate('batch-hello', 'sent', T0);
      await batch.store.stats.countTemplate('batch-hello', 'delivered', T0, 3);
      await batch.store.stats.countTemplate('batch-hello', 'opened', MONDAY);
      await batch.store.stats.countTemplate('batch-birthday', 'sent', T0);
      await batch.store.campaigns.count('batch-spring', 3, { delivered: 2 });
      await batch.store.campaigns.count('batch-spring', 5, { delivered: 1, opened: 1 });
    });
    expect(counting).toBe(0);
    expect(await fixture.store.stats.weeklyTemplateCounts('2027-W05', '2027-W06')).toEqual([]);

    // hello W05, hello W06, birthday W05, the campaign.
    expect(await updatesDuring(() => batch.flush())).toBe(4);
    const weeks = await fixture.store.stats.weeklyTemplateCounts('2027-W05', '2027-W06');
    expect(
      weeks.map(({ template, week, sent, delivered, opened }) => ({
        template,
        week,
        sent,
        delivered,
        opened,
      })),
    ).toEqual([
      { template: 'batch-birthday', week: '2027-W05', sent: 1, delivered: 0, opened: 0 },
      { template: 'batch-hello', week: '2027-W05', sent: 7, delivered: 3, opened: 0 },
      { template: 'batch-hello', week: '2027-W06', sent: 0, delivered: 0, opened: 1 },
    ]);
    const campaign = await fixture.store.campaigns.counts('batch-spring');
    expect({ delivered: campaign.delivered, opened: campaign.opened }).toEqual({ delivered: 3, opened: 1 });

    // Flushed counts are gone from the batch: a second flush writes nothing.
    expect(await updatesDuring(() => batch.flush())).toBe(0);
  });

  it('reads and writes everything else straight through', async () => {
    const batch = batchCounters(fixture.store, () => {});
    await batch.store.stats.moveValue(undefined, 800);
    expect(Object.values(await fixture.store.stats.valueHistogram()).some((b) => b.count > 0)).toBe(true);
    await batch.store.stats.countTemplate('batch-through', 'sent', T0);
    expect(
      (await batch.store.stats.templateCounts()).find((c) => c.template === 'batch-through'),
    ).toBeUndefined();
    await batch.flush();
    expect((await batch.store.stats.templateCounts()).find((c) => c.template === 'batch-through')?.sent).toBe(
      1,
    );
  });

  it('logs a counter write that fails and still writes the others', async () => {
    const logged: { event: string; fields: Record<string, unknown> }[] = [];
    const failing = {
      ...fixture.store,
      stats: Object.assign(Object.create(fixture.store.stats), {
        countTemplateMany: async () => {
          throw new Error('throttled');
        },
      }),
    };
    const batch = batchCounters(failing, (event, fields) => logged.push({ event, fields: fields ?? {} }));
    await batch.store.stats.countTemplate('batch-failing', 'sent', T0);
    await batch.store.campaigns.count('batch-still', 1, { delivered: 1 });
    await expect(batch.flush()).resolves.toBeUndefined();
    expect(logged).toEqual([
      { event: 'stats.count-failed', fields: { template: 'batch-failing', error: 'throttled' } },
    ]);
    expect((await fixture.store.campaigns.counts('batch-still')).delivered).toBe(1);
  });
});
