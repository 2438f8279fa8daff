import { type ForecastEntry, forecast } from '../../core/planning/forecast';
import { nextEntry } from '../../core/sequences/entry-moments';
import { sequenceRule } from '../../core/sequences/sequence-definition';
import { enterSequence } from '../../core/sequences/sequence-run';
import type { CustomerScope } from '../../core/team/roles';
import { planContextInScope } from '../customers/customers';
import type { EngineDeps } from '../deps';
import { sequenceOf } from './live-sequence';

export type SequenceDryRun =
  | {
      entered: true;
      already: boolean;
      timezone: string;
      from: string;
      /** For a date or silence trigger: when the customer would enter (the first of `steps` is the entry). */
      startsAt?: string;
      steps: ForecastEntry[];
    }
  | { entered: false; reason: 'tier' | 'reentry' };

/**
 * When each step of a sequence would fire for one customer, were they to
 * enter it now (or on the day a date or silence trigger starts it, or as they are, when already inside): the pure planner on a
 * copy of their state, the sequence taken as enabled, nothing sent or written.
 * @example await dryRunSequence(deps, 'after-sales-care', 'c-wang', scope) // { entered: true, steps: [...] }
 */
export async function dryRunSequence(
  deps: EngineDeps,
  sequenceId: string,
  customerId: string,
  scope: CustomerScope,
  days = 400,
): Promise<SequenceDryRun> {
  await deps.content.refresh();
  const sequence = { ...sequenceOf(deps, sequenceId), enabled: true };
  const { record, ctx } = await planContextInScope(deps, customerId, scope);
  const now = deps.clock.now();
  const already = ctx.state.sequences.some((r) => r.sequenceId === sequenceId && r.status === 'active');
  let runs = ctx.state.sequences;
  const rules = {
    ...ctx.rules,
    sequences: [...ctx.rules.sequences.filter((s) => s.id !== sequenceId), sequence],
  };
  // A date or a silence starts the run on its own day: the forecast plans that entry like any other.
  const planned = already ? undefined : nextEntry(sequence, { ...ctx, rules }, now);
  if (!already && !planned) {
    const verdict = enterSequence(runs, sequence, ctx.tier, now);
    if (!verdict.entered) return { entered: false, reason: verdict.reason === 'tier' ? 'tier' : 'reentry' };
    runs = verdict.runs;
  }
  const rule = sequenceRule(sequenceId);
  const steps = forecast({ ...ctx, rules, state: { ...ctx.state, sequences: runs } }, now, days).filter(
    (entry) => entry.rule === rule,
  );
  return {
    entered: true,
    already,
    timezone: record.customer.timezone,
    from: now.toISOString(),
    ...(planned ? { startsAt: planned.at.toISOString() } : {}),
    steps,
  };
}
