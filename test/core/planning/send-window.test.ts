import { describe, expect, it } from 'vitest';
import { localClock } from '../../../functions/core/calendars/local-time';
import { nextWindowOpening, sendInstant, slotOf } from '../../../functions/core/planning/send-window';

const window = { start: '09:00', end: '20:00' };
const NY = 'America/New_York';
const SHANGHAI = 'Asia/Shanghai';

const minutes = (instant: Date, tz: string) => localClock(instant, tz).minutes;
const opening = (iso: string, tz: string) => {
  const instant = new Date(iso);
  const clock = localClock(instant, tz);
  return nextWindowOpening(instant, clock.date, clock.minutes, window, tz).toISOString();
};

describe('slotOf', () => {
  it('is stable and in [0, n)', () => {
    expect(slotOf('seed-1', 121)).toBe(112);
    expect(slotOf('seed-1', 121)).toBe(slotOf('seed-1', 121));
    for (let i = 0; i < 200; i++) {
      const slot = slotOf(`c-${i}`, 7);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(slot).toBeLessThan(7);
    }
  });

  it('uses every slot across customers, and 0 when there is one or none', () => {
    expect(new Set(Array.from({ length: 200 }, (_, i) => slotOf(`c-${i}`, 5)))).toEqual(
      new Set([0, 1, 2, 3, 4]),
    );
    expect(slotOf('anything', 1)).toBe(0);
    expect(slotOf('anything', 0)).toBe(0);
  });
});

describe('sendInstant', () => {
  it('is the preferred time plus the seed’s slot within the spread', () => {
    // slotOf('seed-1', 121) = 112: 10:00 + 112 min = 11:52 Shanghai.
    expect(sendInstant('2027-03-01', '10:00', 120, window, SHANGHAI, 'seed-1').toISOString()).toBe(
      '2027-03-01T03:52:00.000Z',
    );
    expect(sendInstant('2027-03-01', '10:00', 0, window, SHANGHAI, 'seed-1').toISOString()).toBe(
      '2027-03-01T02:00:00.000Z',
    );
  });

  it('spreads customers over [sendAt, sendAt + spread], deterministically', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const seed = `c-${i}|monthly-letter|2027-03-01`;
      const instant = sendInstant('2027-03-01', '10:00', 240, window, SHANGHAI, seed);
      expect(localClock(instant, SHANGHAI).date).toBe('2027-03-01');
      expect(minutes(instant, SHANGHAI)).toBeGreaterThanOrEqual(600);
      expect(minutes(instant, SHANGHAI)).toBeLessThanOrEqual(840);
      expect(sendInstant('2027-03-01', '10:00', 240, window, SHANGHAI, seed)).toEqual(instant);
      seen.add(minutes(instant, SHANGHAI));
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('clamps a preferred time before the window to its start', () => {
    // 07:00 → 09:00, spread 30: slotOf('seed-1', 31) = 3.
    expect(sendInstant('2027-03-01', '07:00', 30, window, SHANGHAI, 'seed-1').toISOString()).toBe(
      '2027-03-01T01:03:00.000Z',
    );
  });

  it('never goes past the window end: the spread shrinks to fit, a late sendAt becomes 19:59', () => {
    // 19:30 + min(120, 29) → slotOf('seed-1', 30) = 13 → 19:43.
    expect(sendInstant('2027-03-01', '19:30', 120, window, SHANGHAI, 'seed-1').toISOString()).toBe(
      '2027-03-01T11:43:00.000Z',
    );
    expect(sendInstant('2027-03-01', '21:00', 120, window, SHANGHAI, 'seed-1').toISOString()).toBe(
      '2027-03-01T11:59:00.000Z',
    );
    for (let i = 0; i < 300; i++) {
      const instant = sendInstant('2027-03-01', '18:00', 720, window, NY, `c-${i}`);
      expect(minutes(instant, NY)).toBeGreaterThanOrEqual(18 * 60);
      expect(minutes(instant, NY)).toBeLessThan(20 * 60);
    }
  });

  it('keeps the wall time on New York’s clock-change days (EST −5, EDT −4)', () => {
    expect(sendInstant('2027-03-13', '10:00', 120, window, NY, 'seed-1').toISOString()).toBe(
      '2027-03-13T16:52:00.000Z',
    );
    expect(sendInstant('2027-03-14', '10:00', 120, window, NY, 'seed-1').toISOString()).toBe(
      '2027-03-14T15:52:00.000Z',
    );
    expect(sendInstant('2027-11-07', '10:00', 120, window, NY, 'seed-1').toISOString()).toBe(
      '2027-11-07T16:52:00.000Z',
    );
    for (let i = 0; i < 100; i++) {
      for (const date of ['2027-03-14', '2027-11-07']) {
        const instant = sendInstant(date, '09:00', 660, window, NY, `c-${i}`);
        expect(localClock(instant, NY).date).toBe(date);
        expect(minutes(instant, NY)).toBeGreaterThanOrEqual(9 * 60);
        expect(minutes(instant, NY)).toBeLessThan(20 * 60);
      }
    }
  });
});

describe('nextWindowOpening', () => {
  it('is the instant itself while the window is open, the end excluded', () => {
    expect(opening('2027-03-01T01:00:00Z', SHANGHAI)).toBe('2027-03-01T01:00:00.000Z'); // 09:00
    expect(opening('2027-03-01T11:59:00Z', SHANGHAI)).toBe('2027-03-01T11:59:00.000Z'); // 19:59
    expect(opening('2027-03-01T12:00:00Z', SHANGHAI)).toBe('2027-03-02T01:00:00.000Z'); // 20:00 → tomorrow
  });

  it('is 09:00 the same day before the window, and tomorrow after it', () => {
    expect(opening('2027-02-28T20:30:00Z', SHANGHAI)).toBe('2027-03-01T01:00:00.000Z'); // 04:30
    expect(opening('2027-02-28T15:59:00Z', SHANGHAI)).toBe('2027-03-01T01:00:00.000Z'); // 23:59
    // Month and year ends roll over.
    expect(opening('2027-12-31T13:00:00Z', SHANGHAI)).toBe('2028-01-01T01:00:00.000Z');
  });

  it('opens at 09:00 local on New York’s clock-change days', () => {
    // 01:30 EST on the spring-forward day → 09:00 EDT.
    expect(opening('2027-03-14T06:30:00Z', NY)).toBe('2027-03-14T13:00:00.000Z');
    // 21:00 EST the evening before → 09:00 EDT the next morning.
    expect(opening('2027-03-14T02:00:00Z', NY)).toBe('2027-03-14T13:00:00.000Z');
    // 01:30 on the fall-back day (the first, EDT) → 09:00 EST.
    expect(opening('2027-11-07T05:30:00Z', NY)).toBe('2027-11-07T14:00:00.000Z');
    // 20:30 EST on the fall-back day → 09:00 EST on Monday.
    expect(opening('2027-11-08T01:30:00Z', NY)).toBe('2027-11-08T14:00:00.000Z');
  });
});
