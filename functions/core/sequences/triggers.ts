import { assertNever } from '../assert-never';
import type { Customer } from '../customers/customer';
import type { DealStage } from '../customers/deal';
import type { Tier } from '../customers/tier';
import type { EngineState } from '../planning/state';
import type { Sequence, SequenceTrigger } from './sequence-definition';
import { type ExitEvent, enterSequence, exitRuns } from './sequence-run';

/** Something that happened to a customer which may start sequences (and end others). */
export type TriggerEvent =
  | { kind: 'api'; sequenceId: string }
  | { kind: 'campaign'; campaignId: string }
  | { kind: 'customer-filed' }
  | { kind: 'tag-added'; tag: string }
  | { kind: 'deal-stage'; stage: DealStage; dealId: string; item?: string; amount?: number; years?: number }
  | { kind: 'reply'; replyKind: string }
  /** The customer came into a saved segment (was not in it before the change, is after)… */
  | { kind: 'segment'; segmentId: string }
  /** …or left one: it starts nothing, and ends the runs whose exits name it. */
  | { kind: 'segment-left'; segmentId: string };

/** Whether `trigger` starts on `event`. Dates and silence are moments the planner plans, not events. */
export function triggerMatches(trigger: SequenceTrigger, event: TriggerEvent, sequenceId: string): boolean {
  switch (trigger.kind) {
    case 'api':
      return event.kind === 'api' && event.sequenceId === sequenceId;
    case 'campaign':
      return (
        event.kind === 'campaign' &&
        (trigger.campaignId === undefined || trigger.campaignId === event.campaignId)
      );
    case 'customer-filed':
      return event.kind === 'customer-filed';
    case 'tag-added':
      return event.kind === 'tag-added' && event.tag === trigger.tag;
    case 'deal-stage':
      return (
        event.kind === 'deal-stage' &&
        event.stage === trigger.stage &&
        (trigger.item === undefined ||
          (event.item ?? '').toLowerCase().includes(trigger.item.toLowerCase())) &&
        (trigger.minAmount === undefined || (event.amount ?? 0) >= trigger.minAmount)
      );
    case 'reply':
      return event.kind === 'reply' && event.replyKind === trigger.replyKind;
    case 'segment':
      return event.kind === 'segment' && event.segmentId === trigger.segmentId;
    case 'date':
    case 'silence':
      return false;
    // The chased letter starts its chase itself, as it is sent; a completed deal schedules its
    // survey, and a good answer its referral ask, as they are applied.
    case 'chased-message':
    case 'deal-completed':
    case 'good-answer':
      return false;
    default:
      return assertNever(trigger);
  }
}

/** What an event ends: a deal stage, a tag or a segment left, named in a sequence's exits. */
function exitOf(event: TriggerEvent): ExitEvent | undefined {
  if (event.kind === 'deal-stage') return { kind: 'deal-stage', stage: event.stage };
  if (event.kind === 'tag-added') return { kind: 'tag', tag: event.tag };
  if (event.kind === 'segment-left') return { kind: 'segment-left', segmentId: event.segmentId };
  return undefined;
}

/**
 * The state after `events`: runs whose exits name one end, then every enabled
 * sequence whose trigger matches one starts (within its tiers and re-entry policy).
 * An API enrolment starts its sequence whatever the sequence's own trigger.
 * @example onSequenceEvents(state, rules.sequences, 'B', [{ kind: 'customer-filed' }], now).sequences
 */
export function onSequenceEvents(
  state: EngineState,
  sequences: readonly Sequence[],
  tier: Tier,
  events: readonly TriggerEvent[],
  now: Date,
): EngineState {
  let runs = state.sequences;
  for (const event of events) {
    const exit = exitOf(event);
    if (exit) runs = exitRuns(runs, sequences, exit, now);
    for (const sequence of sequences) {
      const starts =
        event.kind === 'api'
          ? event.sequenceId === sequence.id
          : triggerMatches(sequence.trigger, event, sequence.id);
      if (!starts) continue;
      const deal =
        event.kind === 'deal-stage'
          ? {
              dealId: event.dealId,
              ...(event.item ? { item: event.item } : {}),
              ...(event.years !== undefined ? { years: event.years } : {}),
            }
          : undefined;
      const verdict = enterSequence(runs, sequence, tier, now, deal);
      if (verdict.entered) runs = verdict.runs;
    }
  }
  return runs === state.sequences ? state : { ...state, sequences: runs };
}

/** The filing events of a customer file: `customer-filed` when new, and each tag it gains. */
export function filingEvents(customer: Customer, previous: Customer | undefined): TriggerEvent[] {
  const before = new Set(previous?.tags ?? []);
  const added = (customer.tags ?? []).filter((tag) => !before.has(tag));
  return [
    ...(previous ? [] : [{ kind: 'customer-filed' } as const]),
    ...added.map((tag): TriggerEvent => ({ kind: 'tag-added', tag })),
  ];
}
