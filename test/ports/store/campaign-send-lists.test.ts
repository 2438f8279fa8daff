import { describe, expect, it } from 'vitest';
import { storedCampaignSpec } from '../../support/campaign-book';
import { STORE_SERVERS, storeOnServer } from '../../support/dynamo-servers';

const T0 = new Date('2027-03-16T00:00:00Z');
const EXPIRES = new Date('2027-03-30T00:00:00Z');
const counts = { targeted: 3, queued: 3, skipped: 0 };

const spec = (id: string) => storedCampaignSpec(id, T0.toISOString());

describe.each(STORE_SERVERS)('campaign send lists on %s', (serverName, startServer) => {
  const fixture = storeOnServer(startServer, 'send-lists', serverName, () => T0, 60_000);
  const campaigns = () => fixture.store.campaigns;

  it('files recipients by minute, once each, across pages and hours', async () => {
    await campaigns().create(spec('cmp-l'));
    const page0 = new Map([
      ['2027-03-17T02:00Z', ['a', 'b']],
      ['2027-03-17T02:59Z', ['c']],
      ['2027-03-17T03:00Z', ['d']],
    ]);
    await campaigns().fileOnSendLists('cmp-l', 0, page0, EXPIRES);
    // The same page filed again (a retried run) adds nobody twice.
    await campaigns().fileOnSendLists('cmp-l', 0, page0, EXPIRES);
    await campaigns().fileOnSendLists('cmp-l', 1, new Map([['2027-03-17T02:00Z', ['e', 'a']]]), EXPIRES);
    expect(await campaigns().savePage('cmp-l', undefined, 'c1', counts, T0, [...page0.keys()])).toBe(true);

    expect((await campaigns().sendListRecipients('cmp-l', ['2027-03-17T02:00Z'])).sort()).toEqual([
      'a',
      'b',
      'e',
    ]);
    expect(
      (
        await campaigns().sendListRecipients('cmp-l', [
          '2027-03-17T02:59Z',
          '2027-03-17T03:00Z',
          '2027-03-17T04:00Z',
        ])
      ).sort(),
    ).toEqual(['c', 'd']);
    expect((await campaigns().get('cmp-l'))?.sendLists).toEqual({
      minutes: ['2027-03-17T02:00Z', '2027-03-17T02:59Z', '2027-03-17T03:00Z'],
    });
    // The lists hold no counts: the campaign's figures are the fan-out's alone.
    expect(await campaigns().counts('cmp-l')).toMatchObject({ targeted: 3, queued: 3, cancelled: 0 });
  });

  it('refuses a page filing under a minute the send job has closed, and closes each mark once', async () => {
    expect(await campaigns().closeSendLists('cmp-l', undefined, '2027-03-17T02:30Z')).toBe(true);
    // A second run that read the lists open finds them closed.
    expect(await campaigns().closeSendLists('cmp-l', undefined, '2027-03-17T02:31Z')).toBe(false);
    expect(await campaigns().closeSendLists('cmp-l', '2027-03-17T02:00Z', '2027-03-17T02:31Z')).toBe(false);
    expect(await campaigns().savePage('cmp-l', 'c1', 'c2', counts, T0, ['2027-03-17T02:30Z'])).toBe(false);
    expect(await campaigns().savePage('cmp-l', 'c1', 'c2', counts, T0, ['2027-03-17T02:31Z'])).toBe(true);
    expect((await campaigns().get('cmp-l'))?.sendLists).toMatchObject({
      closedThrough: '2027-03-17T02:30Z',
      minutes: expect.arrayContaining(['2027-03-17T02:31Z']),
    });
    expect(await campaigns().closeSendLists('cmp-l', '2027-03-17T02:30Z', '2027-03-17T03:00Z')).toBe(true);
  });

  it('marks the lists sent forward only, counting what a cancel withdrew in the same write', async () => {
    expect((await campaigns().markSendListsSent('cmp-l', '2027-03-17T02:30Z'))?.sendLists.sentThrough).toBe(
      '2027-03-17T02:30Z',
    );
    const back = await campaigns().markSendListsSent('cmp-l', '2027-03-17T02:00Z', 5);
    expect(back?.sendLists.sentThrough).toBe('2027-03-17T02:30Z');
    expect((await campaigns().counts('cmp-l')).cancelled).toBe(0);
    await campaigns().markSendListsSent('cmp-l', '2027-03-17T03:00Z', 2);
    // Repeated (a retried withdrawal): counted once.
    await campaigns().markSendListsSent('cmp-l', '2027-03-17T03:00Z', 2);
    await campaigns().count('cmp-l', 3, { cancelled: 1 });
    expect((await campaigns().counts('cmp-l')).cancelled).toBe(3);
    expect(await campaigns().markSendListsSent('cmp-none', '2027-03-17T03:00Z')).toBeUndefined();
  });
});
