import { localClock } from '../calendars/local-time';
import type { OwnerDigestAction, PlanContext } from './actions';

/** The owner's digest, when replies wait for one: due when the hour has room again. */
export function ownerDigestActions(ctx: PlanContext, now: Date): OwnerDigestAction[] {
  const digest = ctx.state.ownerAlerts?.digest;
  if (!digest) return [];
  const at = new Date(Math.max(Date.parse(digest.dueAt), now.getTime()));
  return [
    {
      type: 'owner-digest',
      rule: 'owner-digest',
      occurrence: digest.dueAt,
      at,
      date: localClock(at, ctx.customer.timezone).date,
      priority: 0,
      marketing: false,
      maxDelayDays: 0,
      replyIds: digest.replyIds,
      count: digest.count,
    },
  ];
}
