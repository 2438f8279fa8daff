import { buildRules, type RuleKind, ruleKindOf } from '../../core/cadence/rule-set';
import { currentVersion, type RuleJson } from '../../core/content/content-versions';
import { NotFoundError, RuleError } from '../../core/errors';
import type { Actor } from '../../core/team/roles';
import type { EngineDeps, StoreDeps } from '../deps';
import { liveSources } from './live-sources';
import { authorOf, fileChanged, saveVersion } from './save-version';

/** A rule as the editor shows it. */
export interface RuleView {
  id: string;
  kind: RuleKind;
  version: number;
  updatedAt?: string;
  /** Who saved the live version (absent for the file's). */
  updatedBy?: string;
  /** The rule's file changed after the live version was saved over it: it is not live. */
  fileChanged?: true;
  rule: unknown;
}

/** Every rule (cadences, `chase` and `caps`) as written, with its live version. */
export async function listRules(deps: Pick<EngineDeps, 'content' | 'rules'>): Promise<RuleView[]> {
  await deps.content.refresh();
  const { ruleSources, rules: fileRules } = deps.content.files;
  return Object.keys(ruleSources)
    .sort()
    .flatMap((id) => {
      const stored = deps.content.storedOf({ kind: 'rule', rule: id });
      // The live rules fall back to the files' as a whole when stored ones do not hold together.
      const kind = ruleKindOf(deps.rules, id) ?? ruleKindOf(fileRules, id);
      if (!kind) return [];
      return [
        {
          id,
          kind,
          version: currentVersion(stored, true),
          ...(stored ? { updatedAt: stored.at, updatedBy: authorOf(stored) } : {}),
          ...(fileChanged(stored, ruleSources[id] as RuleJson) ? { fileChanged: true as const } : {}),
          rule: stored?.content ?? ruleSources[id],
        },
      ];
    });
}

/**
 * Saves a rule as version n+1 once the whole rule set still holds with it:
 * its parameters (a 422 naming the field, e.g. `daysOfMonth.A`) and every
 * template it names. Each customer follows it from their next planning.
 */
export async function saveRule(
  deps: Pick<EngineDeps, 'clock' | 'content' | 'log' | 'templates' | 'rules'> &
    StoreDeps<'content' | 'audit'>,
  id: string,
  edit: { rule: RuleJson; baseVersion: number; note?: string },
  by: Actor,
): Promise<{ version: number }> {
  const { ruleSources, festivals } = deps.content.files;
  if (!Object.hasOwn(ruleSources, id)) throw new NotFoundError(`no rule named ${id}`);
  await deps.content.refresh();
  const live = liveSources(deps);
  live.rules[id] = edit.rule;
  const built = buildRules(live.rules, festivals, (name) => deps.templates.has(name), live.sequences);
  if ('issues' in built) throw new RuleError(built.issues);
  return saveVersion(deps, { kind: 'rule', rule: id }, ruleSources[id] as RuleJson, {
    baseVersion: edit.baseVersion,
    content: edit.rule,
    note: edit.note,
    by,
    action: 'rule.saved',
  });
}
