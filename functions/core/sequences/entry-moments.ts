import { addDays, splitMonthDay, yearlyDate } from '../calendars/calendar-dates';
import { atLocalTime, localClock, localDateOf } from '../calendars/local-time';
import type { Customer } from '../customers/customer';
import type { PlanContext } from '../planning/actions';
import type { EngineState, Purchase } from '../planning/state';
import { type Sequence, type SequenceTrigger, sequenceRule } from './sequence-definition';
import { enterSequence, type RunDeal } from './sequence-run';

type DateTrigger = Extract<SequenceTrigger, { kind: 'date' }>;

/** One day a date or silence trigger starts its sequence on. */
export interface EntryMoment {
  /** Names the occurrence for good (keys sort by date): a yearly date enters once a year. */
  key: string;
  /** The customer's local date. */
  date: string;
  /** The purchase a `purchase` date is of, for the run's templates and an item-years wait. */
  deal?: RunDeal;
}

/** A missed date (the engine was down) still starts its sequence this many days late, as a birthday is sent. */
const GRACE_DAYS = 1;
/** How far ahead a yearly date is looked for: always within a year and a day. */
const YEARLY_HORIZON_DAYS = 400;

interface DateBase {
  value: string;
  deal?: RunDeal;
}

function dealOf(purchase: Purchase): RunDeal {
  return {
    dealId: purchase.dealId,
    ...(purchase.item ? { item: purchase.item } : {}),
    ...(purchase.years !== undefined ? { years: purchase.years } : {}),
  };
}

/** The dates on the file (or the deals) a trigger's `field` names. */
function basesOf(field: string, customer: Customer, state: EngineState): DateBase[] {
  switch (field) {
    case 'birthday':
      return customer.birthday ? [{ value: customer.birthday }] : [];
    case 'weddingAnniversary':
      return customer.weddingAnniversary ? [{ value: customer.weddingAnniversary }] : [];
    case 'purchase':
      return (state.purchases ?? [])
        .filter((p) => !state.value.log[p.dealId]?.stages.includes('cancelled'))
        .map((p) => ({ value: p.on, deal: dealOf(p) }));
    default: {
      const wanted = field.trim().toLowerCase();
      return (customer.dates ?? [])
        .filter((d) => d.name.trim().toLowerCase() === wanted)
        .map((d) => ({ value: d.date }));
    }
  }
}

/**
 * The days in [from, to] a date trigger falls on for one customer, in key order.
 * @example triggerDates({ kind: 'date', field: 'birthday', yearly: true, offsetDays: 0, yearsFromDeal: false }, customer, state, '2027-01-01', '2027-12-31')
 */
export function triggerDates(
  trigger: DateTrigger,
  customer: Customer,
  state: EngineState,
  from: string,
  to: string,
): EntryMoment[] {
  const out: EntryMoment[] = [];
  const push = (date: string, base: DateBase) => {
    if (date < from || date > to) return;
    out.push({
      key: base.deal ? `${date}:${base.deal.dealId}` : date,
      date,
      ...(base.deal ? { deal: base.deal } : {}),
    });
  };
  for (const base of basesOf(trigger.field, customer, state)) {
    const { monthDay, year } = splitMonthDay(base.value);
    if (trigger.yearly) {
      const first = Number(addDays(from, -trigger.offsetDays).slice(0, 4));
      const last = Number(addDays(to, -trigger.offsetDays).slice(0, 4));
      // The date itself is no anniversary of itself.
      for (let y = Math.max(first, year === null ? first : year + 1); y <= last; y++) {
        push(addDays(yearlyDate(monthDay, y), trigger.offsetDays), base);
      }
      continue;
    }
    if (year === null) continue;
    const years = trigger.yearsFromDeal ? base.deal?.years : (trigger.years ?? 0);
    if (years === undefined || (trigger.yearsFromDeal && years <= 0)) continue;
    push(addDays(yearlyDate(monthDay, year + Math.round(years)), trigger.offsetDays), base);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The local date a silence of `days` is reached: counted from the last real reply or the last
 * purchase, whichever is later, or from the filing day when there was neither.
 */
export function silenceReachedOn(state: EngineState, timezone: string, since: string, days: number): string {
  const replied = state.lastReplyAt ? localDateOf(new Date(state.lastReplyAt), timezone) : '';
  const bought = state.value.lastPurchaseOn ?? '';
  const start = [since, replied, bought].reduce((a, b) => (b > a ? b : a));
  return addDays(start, days);
}

function momentsOf(sequence: Sequence, ctx: PlanContext, today: string): EntryMoment[] {
  const { trigger } = sequence;
  const { customer, state } = ctx;
  if (trigger.kind === 'silence') {
    // A silence is a condition of now: one reached before the sequence existed still starts it.
    const date = silenceReachedOn(state, customer.timezone, ctx.since, trigger.days);
    return [{ key: date, date }];
  }
  if (trigger.kind !== 'date') return [];
  const earliest = addDays(today, -GRACE_DAYS);
  const from = ctx.since > earliest ? ctx.since : earliest;
  // A one-off date is one day per base, however far off: the alarm is set for it exactly.
  const to = trigger.yearly ? addDays(today, YEARLY_HORIZON_DAYS) : '9999-12-31';
  return triggerDates(trigger, customer, state, from, to);
}

export interface SequenceEntry extends EntryMoment {
  sequence: Sequence;
  /** When the customer enters: the local morning (the caps' window start) of `date`, not before now. */
  at: Date;
}

/**
 * When the customer next enters a date- or silence-triggered sequence: the first
 * occurrence after the last one dealt with (`done['sequence:<id>']`) that its tiers,
 * a run still going and its re-entry policy let through. Undefined for other triggers.
 * @example nextEntry(birthdayFlow, ctx, now)?.at // the customer's morning of their birthday
 */
export function nextEntry(sequence: Sequence, ctx: PlanContext, now: Date): SequenceEntry | undefined {
  if (!sequence.enabled || (sequence.trigger.kind !== 'date' && sequence.trigger.kind !== 'silence'))
    return undefined;
  const { state, customer, tier } = ctx;
  if (!sequence.tiers.includes(tier)) return undefined;
  if (state.sequences.some((r) => r.sequenceId === sequence.id && r.status === 'active')) return undefined;
  const today = localClock(now, customer.timezone).date;
  const done = state.done[sequenceRule(sequence.id)] ?? '';
  for (const moment of momentsOf(sequence, ctx, today)) {
    if (moment.key <= done) continue;
    const morning = atLocalTime(moment.date, ctx.rules.caps.window.start, customer.timezone);
    const at = morning.getTime() < now.getTime() ? now : morning;
    if (enterSequence(state.sequences, sequence, tier, at).entered) return { ...moment, sequence, at };
    if (sequence.reentry.policy === 'never') return undefined;
  }
  return undefined;
}
