import { describe, expect, it } from 'vitest';
import { capsSchema, isTransactional, priorityOf } from '../../../functions/core/cadence/cadence-rules';
import { capVerdict, nextFreeDate } from '../../../functions/core/planning/caps';
import { shippedRules } from '../../support/rules';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const at = new Date('2027-03-31T02:00:00Z');
const ago = (ms: number) => new Date(at.getTime() - ms).toISOString();
const tierC = { per7Days: 2, per30Days: 4 };

describe('capVerdict (rolling 7 and 30 days)', () => {
  it('allows the first message', () => {
    expect(capVerdict([], at, tierC)).toBe('ok');
  });

  it('the JSDoc example: one a week, one sent yesterday', () => {
    expect(
      capVerdict(['2027-03-01T02:00:00Z'], new Date('2027-03-02T02:00:00Z'), { per7Days: 1, per30Days: 4 }),
    ).toBe('capped-7d');
  });

  it('counts a send exactly 7 days old out of the week, 1 ms younger in', () => {
    expect(capVerdict([ago(7 * DAY_MS)], at, { per7Days: 1, per30Days: 9 })).toBe('ok');
    expect(capVerdict([ago(7 * DAY_MS - 1)], at, { per7Days: 1, per30Days: 9 })).toBe('capped-7d');
  });

  it('counts a send exactly 30 days old out of the month, 1 ms younger in', () => {
    const sent = [ago(29 * DAY_MS), ago(20 * DAY_MS), ago(10 * DAY_MS)];
    expect(capVerdict([...sent, ago(30 * DAY_MS)], at, tierC)).toBe('ok');
    expect(capVerdict([...sent, ago(30 * DAY_MS - 1)], at, tierC)).toBe('capped-30d');
  });

  it('reports the 7-day cap before the 30-day one when both are hit', () => {
    expect(capVerdict([ago(HOUR_MS), ago(2 * HOUR_MS), ago(3 * DAY_MS), ago(9 * DAY_MS)], at, tierC)).toBe(
      'capped-7d',
    );
  });

  it('ignores sends after the instant judged', () => {
    expect(capVerdict([ago(-HOUR_MS), ago(-DAY_MS)], at, { per7Days: 1, per30Days: 1 })).toBe('ok');
  });

  it('a limit of 0 caps everything', () => {
    expect(capVerdict([], at, { per7Days: 0, per30Days: 5 })).toBe('capped-7d');
    expect(capVerdict([], at, { per7Days: 5, per30Days: 0 })).toBe('capped-30d');
  });
});

describe('nextFreeDate', () => {
  it('is the first later local day on which the send at sendAt fits', () => {
    // Sent 2027-03-01 10:00 Shanghai; one a week: 2027-03-08 10:00 is exactly 7 days on.
    expect(
      nextFreeDate(['2027-03-01T02:00:00Z'], '2027-03-01', '10:00', 'Asia/Shanghai', {
        per7Days: 1,
        per30Days: 4,
      }),
    ).toBe('2027-03-08');
    // One second later and 10:00 on the 8th is too early.
    expect(
      nextFreeDate(['2027-03-01T02:00:01Z'], '2027-03-01', '10:00', 'Asia/Shanghai', {
        per7Days: 1,
        per30Days: 4,
      }),
    ).toBe('2027-03-09');
  });

  it('is never today, even when today would fit', () => {
    expect(nextFreeDate([], '2027-03-01', '10:00', 'Asia/Shanghai', tierC)).toBe('2027-03-02');
  });

  it('judges in absolute time: across spring-forward, 10:00 a week on is an hour short of 7 days', () => {
    // 2027-03-07 10:00 EST = 15:00Z; 2027-03-14 10:00 EDT = 14:00Z, 6 days 23 hours later.
    expect(
      nextFreeDate(['2027-03-07T15:00:00Z'], '2027-03-07', '10:00', 'America/New_York', {
        per7Days: 1,
        per30Days: 9,
      }),
    ).toBe('2027-03-15');
  });

  it('waits for the 30-day window to roll', () => {
    const sent = [
      '2027-03-01T02:00:00Z',
      '2027-03-10T02:00:00Z',
      '2027-03-20T02:00:00Z',
      '2027-03-25T02:00:00Z',
    ];
    // The 03-01 send leaves the 30 days at 2027-03-31 10:00 Shanghai.
    expect(nextFreeDate(sent, '2027-03-25', '10:00', 'Asia/Shanghai', tierC)).toBe('2027-03-31');
  });

  it('is undefined when nothing fits within 60 days', () => {
    expect(
      nextFreeDate([], '2027-03-01', '10:00', 'Asia/Shanghai', { per7Days: 1, per30Days: 0 }),
    ).toBeUndefined();
  });
});

describe('the shipped caps.json', () => {
  it('parses, with the 09:00–20:00 window and per-tier limits, A the most generous', () => {
    const { caps } = shippedRules;
    expect(caps.window).toEqual({ start: '09:00', end: '20:00' });
    expect(caps.tiers).toEqual({
      A: { per7Days: 3, per30Days: 8 },
      B: { per7Days: 3, per30Days: 6 },
      C: { per7Days: 2, per30Days: 4 },
    });
  });

  it('lists every rule in priority, personal dates first and re-engagement last', () => {
    const { caps, cadences } = shippedRules;
    const ids = [
      ...cadences.filter((r) => r.kind !== 'order-progress').map((r) => r.id),
      'chase',
      'campaigns',
    ].sort();
    expect([...caps.priority].sort()).toEqual(ids);
    expect(priorityOf(caps, 'birthday')).toBe(0);
    expect(priorityOf(caps, 'chase')).toBe(6);
    // Campaign messages rank after the personal rules, before the monthly letter.
    expect(priorityOf(caps, 'campaigns')).toBe(priorityOf(caps, 'monthly-letter') - 1);
    expect(priorityOf(caps, 're-engagement')).toBe(13);
    // Unlisted (order-progress is transactional) goes last.
    expect(priorityOf(caps, 'order-progress')).toBe(14);
  });

  it('only order progress is transactional (uncapped)', () => {
    expect(isTransactional('order-progress')).toBe(true);
    expect(isTransactional('chase')).toBe(false);
    expect(isTransactional('satisfaction-survey')).toBe(false);
  });

  it('rejects a window that ends before it starts and unknown fields', () => {
    const base = { ...shippedRules.caps };
    expect(capsSchema.safeParse({ ...base, window: { start: '20:00', end: '09:00' } }).success).toBe(false);
    expect(capsSchema.safeParse({ ...base, quietHours: true }).success).toBe(false);
    expect(capsSchema.safeParse(base).success).toBe(true);
  });
});
