import { describe, expect, it } from 'vitest';
import { atLocalTime, localDateOf, localTimePattern } from '../../../functions/core/calendars/local-time';

const iso = (date: Date) => date.toISOString();

describe('localDateOf', () => {
  it('gives the calendar date in the customer zone, not in UTC', () => {
    expect(localDateOf(new Date('2027-02-06T20:00:00Z'), 'Asia/Shanghai')).toBe('2027-02-07');
    expect(localDateOf(new Date('2027-02-06T15:59:59Z'), 'Asia/Shanghai')).toBe('2027-02-06');
    expect(localDateOf(new Date('2027-02-06T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-02-07');
    expect(localDateOf(new Date('2027-02-07T03:00:00Z'), 'America/New_York')).toBe('2027-02-06');
    expect(localDateOf(new Date('2027-02-07T03:00:00Z'), 'UTC')).toBe('2027-02-07');
  });

  it('follows DST: London is on BST until the fall-back', () => {
    expect(localDateOf(new Date('2027-10-30T23:30:00Z'), 'Europe/London')).toBe('2027-10-31');
    expect(localDateOf(new Date('2027-12-31T23:30:00Z'), 'Europe/London')).toBe('2027-12-31');
  });
});

describe('atLocalTime', () => {
  it('Asia/Shanghai (UTC+8, no DST)', () => {
    expect(iso(atLocalTime('2027-02-06', '09:00', 'Asia/Shanghai'))).toBe('2027-02-06T01:00:00.000Z');
    expect(iso(atLocalTime('2027-02-06', '09:00', 'Asia/Shanghai', 3))).toBe('2027-02-09T01:00:00.000Z');
    expect(iso(atLocalTime('2027-02-06', '07:30', 'Asia/Shanghai'))).toBe('2027-02-05T23:30:00.000Z');
    // Crosses a month end in local time.
    expect(iso(atLocalTime('2027-02-26', '09:00', 'Asia/Shanghai', 3))).toBe('2027-03-01T01:00:00.000Z');
  });

  describe('America/New_York spring forward (2027-03-14, 02:00 EST -> 03:00 EDT)', () => {
    it('09:00 is EST the day before and EDT on the day', () => {
      expect(iso(atLocalTime('2027-03-13', '09:00', 'America/New_York'))).toBe('2027-03-13T14:00:00.000Z');
      expect(iso(atLocalTime('2027-03-14', '09:00', 'America/New_York'))).toBe('2027-03-14T13:00:00.000Z');
    });

    it('counting days across the change keeps the wall time', () => {
      expect(iso(atLocalTime('2027-03-11', '09:00', 'America/New_York', 3))).toBe('2027-03-14T13:00:00.000Z');
      expect(iso(atLocalTime('2027-03-13', '09:00', 'America/New_York', 1))).toBe('2027-03-14T13:00:00.000Z');
      expect(iso(atLocalTime('2027-03-10', '09:00', 'America/New_York', 7))).toBe('2027-03-17T13:00:00.000Z');
    });

    it('a wall time in the gap moves forward past the gap (02:30 -> 03:30 EDT)', () => {
      // 02:30 does not exist that night; luxon shifts it by the gap, to 03:30 EDT.
      expect(iso(atLocalTime('2027-03-14', '02:30', 'America/New_York'))).toBe('2027-03-14T07:30:00.000Z');
      expect(iso(atLocalTime('2027-03-13', '02:30', 'America/New_York', 1))).toBe('2027-03-14T07:30:00.000Z');
      expect(atLocalTime('2027-03-14', '02:30', 'America/New_York').getTime()).toBeGreaterThan(
        new Date('2027-03-14T07:00:00Z').getTime() - 1,
      );
    });
  });

  describe('Europe/London fall back (2027-10-31, 02:00 BST -> 01:00 GMT)', () => {
    it('09:00 is BST the day before and GMT on the day', () => {
      expect(iso(atLocalTime('2027-10-30', '09:00', 'Europe/London'))).toBe('2027-10-30T08:00:00.000Z');
      expect(iso(atLocalTime('2027-10-31', '09:00', 'Europe/London'))).toBe('2027-10-31T09:00:00.000Z');
      expect(iso(atLocalTime('2027-10-28', '09:00', 'Europe/London', 3))).toBe('2027-10-31T09:00:00.000Z');
      expect(iso(atLocalTime('2027-10-28', '09:00', 'Europe/London', 4))).toBe('2027-11-01T09:00:00.000Z');
    });

    it('an ambiguous wall time resolves to its first occurrence (01:30 BST)', () => {
      expect(iso(atLocalTime('2027-10-31', '01:30', 'Europe/London'))).toBe('2027-10-31T00:30:00.000Z');
    });
  });

  it('midnight and last minute of the day', () => {
    expect(iso(atLocalTime('2027-02-06', '00:00', 'UTC'))).toBe('2027-02-06T00:00:00.000Z');
    expect(iso(atLocalTime('2027-02-06', '23:59', 'UTC'))).toBe('2027-02-06T23:59:00.000Z');
  });
});

describe('localTimePattern', () => {
  it.each(['00:00', '09:00', '19:59', '23:59'])('accepts %s', (time) => {
    expect(localTimePattern.test(time)).toBe(true);
  });
  it.each(['9:00', '24:00', '12:60', '0900', '09:00:00', ''])('rejects %j', (time) => {
    expect(localTimePattern.test(time)).toBe(false);
  });
});
