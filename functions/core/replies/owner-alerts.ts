/**
 * How often an owner hears of one customer's replies: the first few of an
 * hour each get an alert of their own; the rest wait for one digest, sent
 * when the hour has room again. A customer writing 27 times is 4 emails to
 * the owner, not 27.
 */

/** Alerts (a digest counts as one) per customer in any hour. */
export const ALERTS_PER_HOUR = 3;
/** Replies a digest lists in full; it counts the rest. */
export const DIGEST_LISTED = 20;
const HOUR_MS = 3_600_000;

export interface OwnerAlertLog {
  /** The alerts of the last hour: a reply's id, or `digest:<dueAt>`. */
  sent: { at: string; id: string }[];
  /** Replies waiting for the digest: the first `DIGEST_LISTED` ids, and how many in all. */
  digest?: { dueAt: string; replyIds: string[]; count: number };
}

export type AlertVerdict = 'alert' | 'digest';

/**
 * Whether a reply's alert goes now or joins the digest, and the log after.
 * The same reply gets the same verdict again (a retried delivery), with the
 * log unchanged.
 * @example admitOwnerAlert(undefined, 'r-1', now) // { verdict: 'alert', log: { sent: [{ at, id: 'r-1' }] } }
 */
export function admitOwnerAlert(
  log: OwnerAlertLog | undefined,
  replyId: string,
  now: Date,
): { verdict: AlertVerdict; log: OwnerAlertLog } {
  const current = log ?? { sent: [] };
  if (current.sent.some((alert) => alert.id === replyId)) return { verdict: 'alert', log: current };
  if (current.digest?.replyIds.includes(replyId)) return { verdict: 'digest', log: current };
  const since = now.getTime() - HOUR_MS;
  const recent = current.sent.filter((alert) => Date.parse(alert.at) > since);
  if (recent.length < ALERTS_PER_HOUR) {
    const sent = [...recent, { at: now.toISOString(), id: replyId }];
    return { verdict: 'alert', log: { ...current, sent } };
  }
  const oldest = Math.min(...recent.map((alert) => Date.parse(alert.at)));
  const waiting = current.digest ?? {
    dueAt: new Date(oldest + HOUR_MS).toISOString(),
    replyIds: [],
    count: 0,
  };
  const replyIds =
    waiting.replyIds.length < DIGEST_LISTED ? [...waiting.replyIds, replyId] : waiting.replyIds;
  return {
    verdict: 'digest',
    log: { sent: recent, digest: { ...waiting, replyIds, count: waiting.count + 1 } },
  };
}

/** The log once the digest went out at `at`: it counts as the hour's alert, and its replies are told. */
export function digestSent(log: OwnerAlertLog, at: Date): OwnerAlertLog {
  if (!log.digest) return log;
  const since = at.getTime() - HOUR_MS;
  return {
    sent: [
      ...log.sent.filter((alert) => Date.parse(alert.at) > since),
      { at: at.toISOString(), id: `digest:${log.digest.dueAt}` },
    ],
  };
}

/** The log while it still matters (an alert within the hour, or a digest waiting), else nothing. */
export function liveAlertLog(log: OwnerAlertLog | undefined, now: Date): OwnerAlertLog | undefined {
  const since = now.getTime() - HOUR_MS;
  return log && (log.digest || log.sent.some((alert) => Date.parse(alert.at) > since)) ? log : undefined;
}
