import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/core/errors';
import {
  alarmHourOf,
  DEFAULT_SWEEP_POLICY,
  MAX_SWEEP_LOOKBACK_MS,
  sweepWindow,
} from '../../../functions/core/planning/alarm-buckets';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

describe('alarmHourOf', () => {
  it('files an alarm under its UTC hour, whatever the minute', () => {
    expect(alarmHourOf(new Date('2027-02-06T09:00:00.000Z'))).toBe('2027-02-06T09');
    expect(alarmHourOf(new Date('2027-02-06T09:59:59.999Z'))).toBe('2027-02-06T09');
    expect(alarmHourOf(new Date('2027-02-06T10:00:00.000Z'))).toBe('2027-02-06T10');
  });

  it('is UTC, not the customer’s zone: 09:00 in Shanghai is the 01 hour', () => {
    expect(alarmHourOf(new Date('2027-02-06T09:00:00+08:00'))).toBe('2027-02-06T01');
  });
});

describe('sweepWindow', () => {
  it('the JSDoc example: two hours back, fifteen minutes of grace', () => {
    const window = sweepWindow(new Date('2027-02-06T09:20:00Z'), {
      lookbackMs: 2 * HOUR_MS,
      graceMs: 15 * MINUTE_MS,
    });
    expect(window).toEqual({
      from: new Date('2027-02-06T07:20:00Z'),
      cutoff: new Date('2027-02-06T09:05:00Z'),
      hours: ['2027-02-06T07', '2027-02-06T08', '2027-02-06T09'],
    });
  });

  it('by default reads the last day: 25 hours when the cutoff is inside an hour', () => {
    const window = sweepWindow(new Date('2027-02-06T09:20:00Z'));
    expect(window.cutoff).toEqual(new Date('2027-02-06T09:05:00Z'));
    expect(window.from).toEqual(new Date('2027-02-05T09:20:00Z'));
    expect(window.hours).toHaveLength(25);
    expect(window.hours[0]).toBe('2027-02-05T09');
    expect(window.hours.at(-1)).toBe('2027-02-06T09');
    expect(DEFAULT_SWEEP_POLICY).toEqual({ lookbackMs: 24 * HOUR_MS, graceMs: 15 * MINUTE_MS });
  });

  it('leaves out the hour that starts exactly at the cutoff: nothing in it is overdue yet', () => {
    const window = sweepWindow(new Date('2027-02-06T09:15:00Z'), {
      lookbackMs: 2 * HOUR_MS,
      graceMs: 15 * MINUTE_MS,
    });
    expect(window.cutoff).toEqual(new Date('2027-02-06T09:00:00Z'));
    expect(window.hours).toEqual(['2027-02-06T07', '2027-02-06T08']);
  });

  it('crosses midnight, month and year ends in UTC', () => {
    const window = sweepWindow(new Date('2028-01-01T00:30:00Z'), {
      lookbackMs: 2 * HOUR_MS,
      graceMs: 0,
    });
    expect(window.hours).toEqual(['2027-12-31T22', '2027-12-31T23', '2028-01-01T00']);
  });

  it('reads every hour exactly once, in order, for any minute of the hour', () => {
    for (let minute = 0; minute < 60; minute += 7) {
      const now = new Date(Date.UTC(2027, 1, 6, 9, minute, 13));
      const { hours, from, cutoff } = sweepWindow(now, { lookbackMs: 6 * HOUR_MS, graceMs: 10 * MINUTE_MS });
      expect(new Set(hours).size).toBe(hours.length);
      expect([...hours].sort()).toEqual(hours);
      expect(hours[0]).toBe(alarmHourOf(from));
      // The last hour read holds the newest overdue alarm (1 ms before the cutoff).
      expect(hours.at(-1)).toBe(alarmHourOf(new Date(cutoff.getTime() - 1)));
    }
  });

  it('refuses a grace below zero, a lookback not longer than the grace, and more than a month', () => {
    const now = new Date('2027-02-06T09:20:00Z');
    expect(() => sweepWindow(now, { lookbackMs: HOUR_MS, graceMs: -1 })).toThrow(
      /grace: must be zero or more/,
    );
    expect(() => sweepWindow(now, { lookbackMs: HOUR_MS, graceMs: HOUR_MS })).toThrow(
      /lookback: must be longer than the grace period/,
    );
    expect(() => sweepWindow(now, { lookbackMs: MAX_SWEEP_LOOKBACK_MS + 1, graceMs: 0 })).toThrow(
      /lookback: must be at most 31 days/,
    );
    expect(() => sweepWindow(now, { lookbackMs: Number.NaN, graceMs: 0 })).toThrow(ValidationError);
    expect(sweepWindow(now, { lookbackMs: MAX_SWEEP_LOOKBACK_MS, graceMs: 0 }).hours).toHaveLength(
      31 * 24 + 1,
    );
  });
});
