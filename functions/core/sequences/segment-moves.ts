import { matchesSegment, segmentFactsOf } from '../campaigns/segment';
import type { Customer } from '../customers/customer';
import type { Tier } from '../customers/tier';
import type { Rules } from '../planning/actions';
import type { EngineState } from '../planning/state';
import type { Sequence } from './sequence-definition';
import { onSequenceEvents, type TriggerEvent } from './triggers';

/** The saved segments whose entry or exit enabled sequences act on (branches ask theirs live). */
export function watchedSegments(sequences: readonly Sequence[]): string[] {
  const ids = new Set<string>();
  for (const sequence of sequences) {
    if (!sequence.enabled) continue;
    if (sequence.trigger.kind === 'segment') ids.add(sequence.trigger.segmentId);
    if (sequence.exits.segmentId) ids.add(sequence.exits.segmentId);
  }
  return [...ids].sort();
}

/** The saved segments any sequence names, in its trigger, its exits or a branch: the live rules load their filters. */
export function segmentsNamed(sequences: readonly Sequence[]): string[] {
  const ids = new Set(watchedSegments(sequences.map((s) => ({ ...s, enabled: true }))));
  for (const sequence of sequences) {
    for (const step of sequence.steps) {
      if (step.type === 'branch' && step.condition.kind === 'segment') ids.add(step.condition.segmentId);
    }
  }
  return [...ids].sort();
}

export interface SegmentSide {
  /** Null for a customer filed by this change: in no segment before it. */
  customer: Customer | null;
  state: EngineState;
  tier: Tier;
}

/**
 * The state after a change of the customer's file or engine state, with the segments
 * sequences watch re-evaluated: a segment entered (not in it before, in it now) starts the
 * sequences it triggers, a segment left ends the runs that exit on it. "Before" is what the
 * state remembers; a segment it never saw is evaluated on `before` (the file and state as they
 * were), so a sequence saved today starts for those who come in, not those already in.
 * Without watched segments the state comes back as it was.
 * @example onSegmentMoves(rules, before, { customer, state, tier }, now).sequences
 */
export function onSegmentMoves(
  rules: Pick<Rules, 'sequences' | 'segments'>,
  before: SegmentSide,
  after: SegmentSide & { customer: Customer },
  now: Date,
): EngineState {
  const watched = watchedSegments(rules.sequences);
  const known = after.state.segments;
  if (watched.length === 0 && known === undefined) return after.state;
  const factsAfter = segmentFactsOf(after.customer, after.state);
  const factsBefore = before.customer ? segmentFactsOf(before.customer, before.state) : undefined;
  const membership: Record<string, boolean> = {};
  const events: TriggerEvent[] = [];
  for (const segmentId of watched) {
    const filter = rules.segments?.[segmentId];
    // A segment not loaded (gone, or the store did not answer) keeps what was known of it.
    if (!filter) {
      if (known?.[segmentId] !== undefined) membership[segmentId] = known[segmentId];
      continue;
    }
    const was =
      known?.[segmentId] ??
      (factsBefore !== undefined && matchesSegment(filter, factsBefore, { now, tier: before.tier }));
    const is = matchesSegment(filter, factsAfter, { now, tier: after.tier });
    membership[segmentId] = is;
    if (was && !is) events.push({ kind: 'segment-left', segmentId });
    if (!was && is) events.push({ kind: 'segment', segmentId });
  }
  // Keys in watched order both times, so equal memberships compare equal.
  if (events.length === 0 && JSON.stringify(membership) === JSON.stringify(known ?? {})) return after.state;
  const moved = onSequenceEvents(after.state, rules.sequences, after.tier, events, now);
  const { segments: _old, ...rest } = moved;
  return Object.keys(membership).length > 0 ? { ...rest, segments: membership } : rest;
}
