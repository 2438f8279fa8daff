import { isDeepStrictEqual } from 'node:util';
import { chaseSteps } from '../../core/cadence/chase';
import { buildRules } from '../../core/cadence/rule-set';
import { isAskRule, shippedFor } from '../../core/cadence/survey-referral';
import {
  type ContentVersion,
  currentVersion,
  historyOf,
  type RuleJson,
} from '../../core/content/content-versions';
import { ConflictError, NotFoundError, RuleError } from '../../core/errors';
import type { Rules } from '../../core/planning/actions';
import { segmentsNamed } from '../../core/sequences/segment-moves';
import {
  CHASE_SEQUENCE_ID,
  isBuiltInSequence,
  type Sequence,
  sequenceRule,
  sequenceSchema,
} from '../../core/sequences/sequence-definition';
import type { Actor } from '../../core/team/roles';
import { liveSources } from '../content/live-sources';
import { authorOf, fileChanged, saveVersion } from '../content/save-version';
import type { EngineDeps, StoreDeps } from '../deps';

/** A sequence as the editor shows it: the definition as written and parsed, with its live version. */
export interface SequenceView {
  id: string;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  fileChanged?: true;
  /** A built-in flow (the chase, the survey, the referral ask): its steps are edited as its rule. */
  builtIn?: true;
  sequence: Sequence;
}

type ReadDeps = Pick<EngineDeps, 'content' | 'rules'>;

function viewOf(deps: ReadDeps, sequence: Sequence): SequenceView {
  const stored = deps.content.storedOf({ kind: 'sequence', sequence: sequence.id });
  const file = deps.content.files.sequenceSources[sequence.id] as RuleJson | undefined;
  return {
    id: sequence.id,
    version: currentVersion(stored, file !== undefined),
    ...(stored ? { updatedAt: stored.at } : {}),
    ...(authorOf(stored) ? { updatedBy: authorOf(stored) } : {}),
    ...(fileChanged(stored, file) ? { fileChanged: true as const } : {}),
    ...(isBuiltInSequence(sequence.id) ? { builtIn: true as const } : {}),
    sequence,
  };
}

/** What a survey or referral-ask save may not change: what its rule sets, and its fixed exits. */
const ASK_OWNED = ['steps', 'enabled', 'tiers', 'maxDelayDays', 'exits'] as const;

/**
 * A built-in flow's sequence as its rule makes it, and the fields the rule owns: the chase's
 * steps are the chase rule's; the survey's and the referral ask's steps, switch, tiers and
 * delay are their rule's, and their exits fixed. Undefined for a marketer's sequence.
 */
function ruleOwned(
  id: string,
  rules: Rules,
): { rule: string; fields: readonly (typeof ASK_OWNED)[number][]; expected: Partial<Sequence> } | undefined {
  if (id === CHASE_SEQUENCE_ID)
    return { rule: 'chase', fields: ['steps'], expected: { steps: chaseSteps(rules.chase) } };
  const rule = rules.cadences.filter(isAskRule).find((r) => r.id === id);
  const live = rule && shippedFor(rule, rules.sequences);
  return live && { rule: id, fields: ASK_OWNED, expected: live };
}

/** Refuses a built-in flow's save that changes what its rule owns, one issue per field, so one place says what it does. */
function refuseRuleOwned(id: string, written: RuleJson, rules: Rules): void {
  const owned = ruleOwned(id, rules);
  if (!owned) return;
  const parsed = sequenceSchema.safeParse({ ...written, id });
  const changed = parsed.success
    ? owned.fields.filter((field) => !isDeepStrictEqual(parsed.data[field], owned.expected[field]))
    : owned.fields;
  if (changed.length === 0) return;
  throw new RuleError(
    changed.map((field) => ({
      rule: sequenceRule(id),
      path: field,
      message: field === 'exits' ? `the exits of ${id} are fixed` : `edited as the rule ${owned.rule}`,
    })),
  );
}

/** Every live sequence (the files' and those saved through the API), by id. */
export async function listSequences(deps: ReadDeps): Promise<SequenceView[]> {
  await deps.content.refresh();
  return deps.rules.sequences.map((sequence) => viewOf(deps, sequence));
}

/** One sequence with its versions, newest first (the file is version 1). */
export async function sequenceWithHistory(
  deps: ReadDeps & StoreDeps<'content'>,
  id: string,
): Promise<SequenceView & { versions: ContentVersion[] }> {
  await deps.content.refresh();
  const sequence = deps.rules.sequences.find((s) => s.id === id);
  if (!sequence) throw new NotFoundError(`no sequence named ${id}`);
  const stored = await deps.store.content.history({ kind: 'sequence', sequence: id });
  const file = deps.content.files.sequenceSources[id] as RuleJson | undefined;
  const versions = historyOf(stored, file ? { content: file, at: deps.content.files.at } : undefined);
  return { ...viewOf(deps, sequence), versions };
}

/**
 * Saves a sequence as version n+1 (a new one as version 1, `baseVersion` 0) once
 * the whole rule set still holds with it: its schema, the templates it names, the
 * caps' priority list. Customers inside it follow the new version from their next
 * step; a removed step sends them on to the step after the last one they ran.
 */
export async function saveSequence(
  deps: Pick<EngineDeps, 'clock' | 'content' | 'log' | 'templates' | 'rules'> &
    StoreDeps<'content' | 'audit' | 'segments'>,
  id: string,
  edit: { sequence: RuleJson; baseVersion: number; note?: string },
  by: Actor,
): Promise<{ version: number }> {
  await deps.content.refresh();
  const { sequenceSources, festivals } = deps.content.files;
  const exists = deps.rules.sequences.some((s) => s.id === id) || Object.hasOwn(sequenceSources, id);
  if (edit.baseVersion === 0 && exists) throw new ConflictError(`a sequence named ${id} exists already`);
  if (edit.baseVersion > 0 && !exists) throw new NotFoundError(`no sequence named ${id}`);
  const live = liveSources(deps);
  live.sequences[id] = { ...edit.sequence, id };
  const built = buildRules(live.rules, festivals, (name) => deps.templates.has(name), live.sequences);
  if ('issues' in built) throw new RuleError(built.issues);
  refuseRuleOwned(id, edit.sequence, deps.rules);
  const saved = built.rules.sequences.find((s) => s.id === id);
  const missing: string[] = [];
  for (const segmentId of saved ? segmentsNamed([saved]) : []) {
    if (!(await deps.store.segments.get(segmentId))) missing.push(segmentId);
  }
  if (missing.length > 0) {
    throw new RuleError(
      missing.map((segmentId) => ({
        rule: sequenceRule(id),
        path: '(segments)',
        message: `no saved segment named ${segmentId}`,
      })),
    );
  }
  return saveVersion(deps, { kind: 'sequence', sequence: id }, sequenceSources[id] as RuleJson | undefined, {
    baseVersion: edit.baseVersion,
    content: { ...edit.sequence, id },
    note: edit.note,
    by,
    action: 'sequence.saved',
  });
}
