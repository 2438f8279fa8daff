import { describe, expect, it } from 'vitest';
import {
  ALERTS_PER_HOUR,
  admitOwnerAlert,
  DIGEST_LISTED,
  digestSent,
  liveAlertLog,
  type OwnerAlertLog,
} from '../../../functions/core/replies/owner-alerts';

const at = (minutes: number) => new Date(Date.UTC(2027, 1, 6, 2, minutes));

function admitAll(count: number, everyMinutes = 1, log?: OwnerAlertLog) {
  const verdicts: string[] = [];
  let current = log;
  for (let i = 0; i < count; i++) {
    const admitted = admitOwnerAlert(current, `r-${i}`, at(i * everyMinutes));
    verdicts.push(admitted.verdict);
    current = admitted.log;
  }
  return { verdicts, log: current! };
}

describe('admitOwnerAlert', () => {
  it('alerts the first few of an hour and gathers the rest for a digest due when the hour has room', () => {
    const { verdicts, log } = admitAll(10);
    expect(verdicts.filter((v) => v === 'alert')).toHaveLength(ALERTS_PER_HOUR);
    expect(verdicts.slice(ALERTS_PER_HOUR).every((v) => v === 'digest')).toBe(true);
    expect(log.digest).toEqual({
      dueAt: at(60).toISOString(),
      replyIds: ['r-3', 'r-4', 'r-5', 'r-6', 'r-7', 'r-8', 'r-9'],
      count: 7,
    });
  });

  it('gives a redelivered reply the verdict it had, with the log unchanged', () => {
    const { log } = admitAll(5);
    expect(admitOwnerAlert(log, 'r-1', at(30))).toEqual({ verdict: 'alert', log });
    expect(admitOwnerAlert(log, 'r-4', at(30))).toEqual({ verdict: 'digest', log });
  });

  it('alerts every reply of a customer who writes less than the hour’s allowance', () => {
    expect(admitAll(12, 25).verdicts.every((v) => v === 'alert')).toBe(true);
  });

  it('lists at most DIGEST_LISTED replies and counts them all', () => {
    const { log } = admitAll(ALERTS_PER_HOUR + DIGEST_LISTED + 7);
    expect(log.digest?.replyIds).toHaveLength(DIGEST_LISTED);
    expect(log.digest?.count).toBe(DIGEST_LISTED + 7);
  });

  it('counts a sent digest as the hour’s alert, so the next reply waits for the next digest', () => {
    const { log } = admitAll(5);
    const after = digestSent(log, at(60));
    expect(after.digest).toBeUndefined();
    // At 60 minutes the alerts at 1 and 2 and the digest are the hour's three; at 62 only the digest is.
    expect(admitOwnerAlert(after, 'r-next', at(60)).verdict).toBe('digest');
    expect(admitOwnerAlert(after, 'r-later', at(62)).verdict).toBe('alert');
  });

  it('is forgotten once its hour is over and no digest waits', () => {
    const { log } = admitAll(2);
    expect(liveAlertLog(log, at(30))).toBe(log);
    expect(liveAlertLog(log, at(120))).toBeUndefined();
    expect(liveAlertLog(admitAll(5).log, at(600))).toBeDefined();
  });
});
