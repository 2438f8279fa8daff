import { stopChases } from '../../core/cadence/chase';
import { NotFoundError, ValidationError } from '../../core/errors';
import { sequenceRule } from '../../core/sequences/sequence-definition';
import { type EnterVerdict, exitRuns, type SequenceRun } from '../../core/sequences/sequence-run';
import { onSequenceEvents } from '../../core/sequences/triggers';
import type { EngineDeps } from '../deps';
import { planContextFor } from '../fire/plan-context';
import { updateState } from '../fire/update-state';
import { fileNote } from '../timeline-note';
import { sequenceOf } from './live-sequence';

export type Enrolment = { entered: true; run: SequenceRun } | Extract<EnterVerdict, { entered: false }>;

/**
 * Starts a customer on a sequence by request (whatever its own trigger), within
 * its tiers and re-entry policy; the customer's alarm moves to its first step.
 * @example await enrolCustomer(deps, 'welcome', 'c-wang') // { entered: true, run: { entry: 1, … } }
 */
export async function enrolCustomer(
  deps: EngineDeps,
  sequenceId: string,
  customerId: string,
): Promise<Enrolment> {
  await deps.content.refresh();
  const sequence = sequenceOf(deps, sequenceId);
  if (sequence.trigger.kind === 'chased-message') {
    // A chase follows one letter: it has nothing to run behind without it.
    throw new ValidationError(`${sequenceId} starts with a letter sent with chase: true`, [
      { path: 'sequence', message: 'send the letter with chase: true instead' },
    ]);
  }
  if (sequence.trigger.kind === 'deal-completed' || sequence.trigger.kind === 'good-answer') {
    // The survey follows a completed deal, the referral ask a good answer: their notices are theirs.
    throw new ValidationError(`${sequenceId} starts with ${sequence.trigger.kind}, not by request`, [
      { path: 'sequence', message: `${sequenceId} cannot be entered by request` },
    ]);
  }
  let result: Enrolment = { entered: false, reason: 'running' };
  await updateState(deps, customerId, async (record, now) => {
    const ctx = await planContextFor(deps, record);
    const state = onSequenceEvents(record.state, [sequence], ctx.tier, [{ kind: 'api', sequenceId }], now);
    const run = state.sequences.find((r) => r.sequenceId === sequenceId && r.status === 'active');
    if (state === record.state || !run) {
      const running = record.state.sequences.some(
        (r) => r.sequenceId === sequenceId && r.status === 'active',
      );
      result = {
        entered: false,
        reason: !sequence.enabled
          ? 'disabled'
          : !sequence.tiers.includes(ctx.tier)
            ? 'tier'
            : running
              ? 'running'
              : 'reentry',
      };
      return undefined;
    }
    result = { entered: true, run };
    return { state };
  });
  return result;
}

/** Ends the customer's run through a sequence by request, with a timeline entry; false when none was running. */
export async function exitCustomer(
  deps: EngineDeps,
  sequenceId: string,
  customerId: string,
): Promise<boolean> {
  await deps.content.refresh();
  const { kind } = sequenceOf(deps, sequenceId).trigger;
  if (kind === 'chased-message') return exitChases(deps, sequenceId, customerId);
  if (kind === 'deal-completed' || kind === 'good-answer') return exitNotices(deps, sequenceId, customerId);
  let ended: SequenceRun | undefined;
  await updateState(deps, customerId, (record, now) => {
    const active = record.state.sequences.find((r) => r.sequenceId === sequenceId && r.status === 'active');
    if (!active) return undefined;
    const sequences = exitRuns(
      record.state.sequences,
      deps.rules.sequences,
      { kind: 'api' },
      now,
      sequenceId,
    );
    ended = active;
    return { state: { ...record.state, sequences } };
  });
  if (!ended) return false;
  await fileNote(deps, {
    customerId,
    rule: sequenceRule(sequenceId),
    occurrence: `${ended.entry}:exit`,
    what: 'exited',
    facts: { kind: 'sequence-ended', sequence: sequenceId, by: 'request' },
    at: deps.clock.now(),
  });
  return true;
}

/**
 * Drops the customer's pending surveys or referral asks by request (the notices of the rule
 * the sequence runs, which bears its id), each with a timeline entry; false when none was pending.
 */
async function exitNotices(deps: EngineDeps, sequenceId: string, customerId: string): Promise<boolean> {
  let dropped: string[] = [];
  await updateState(deps, customerId, (record) => {
    const { notices } = record.state;
    dropped = notices.filter((n) => n.ruleId === sequenceId).map((n) => n.key);
    if (dropped.length === 0) return undefined;
    return { state: { ...record.state, notices: notices.filter((n) => n.ruleId !== sequenceId) } };
  });
  for (const key of dropped) {
    await fileNote(deps, {
      customerId,
      rule: sequenceId,
      occurrence: `${key}:exit`,
      what: 'exited',
      facts: { kind: 'sequence-ended', sequence: sequenceId, by: 'request' },
      at: deps.clock.now(),
    });
  }
  return dropped.length > 0;
}

/** Stops the customer's running chases by request, each with a timeline entry; false when none was running. */
async function exitChases(deps: EngineDeps, sequenceId: string, customerId: string): Promise<boolean> {
  let stopped: string[] = [];
  await updateState(deps, customerId, (record, now) => {
    stopped = record.state.chases.filter((c) => c.status === 'active').map((c) => c.id);
    if (stopped.length === 0) return undefined;
    return { state: { ...record.state, chases: stopChases(record.state.chases, now, 'request') } };
  });
  for (const chaseId of stopped) {
    await fileNote(deps, {
      customerId,
      rule: 'chase',
      occurrence: `${chaseId}:exit`,
      what: 'exited',
      facts: { kind: 'sequence-ended', sequence: sequenceId, by: 'request' },
      at: deps.clock.now(),
    });
  }
  return stopped.length > 0;
}

/**
 * The first open or click of a sequence's letter, kept on its run, so the
 * sequence's "opened" and "clicked" branches can ask it. Only for messages a
 * sequence sent (`sequence:<id>`, occurrence `<entry>:<step>`); idempotent.
 */
export async function markSequenceRun(
  deps: EngineDeps,
  message: { customerId: string; rule: string; occurrence: string },
  what: 'openedAt' | 'clickedAt',
  at: string,
): Promise<void> {
  if (!message.rule.startsWith('sequence:')) return;
  const sequenceId = message.rule.slice('sequence:'.length);
  const entry = Number(message.occurrence.slice(0, message.occurrence.indexOf(':')));
  await updateState(deps, message.customerId, (record) => {
    const run = record.state.sequences.find((r) => r.sequenceId === sequenceId && r.entry === entry);
    if (!run || run[what] !== undefined) return undefined;
    const sequences = record.state.sequences.map((r) => (r === run ? { ...r, [what]: at } : r));
    return { state: { ...record.state, sequences } };
  }).catch((error: unknown) => {
    // An erased customer's late open has nothing to mark.
    if (!(error instanceof NotFoundError)) throw error;
  });
}
