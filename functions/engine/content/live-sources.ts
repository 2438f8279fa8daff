import type { EngineDeps } from '../deps';

/**
 * The rules and sequences as they run now, as written: each file's, or the version saved over it.
 * A save checks its edit against these, so the whole set still holds with it (the caps name both).
 */
export function liveSources(deps: Pick<EngineDeps, 'content' | 'rules'>): {
  rules: Record<string, unknown>;
  sequences: Record<string, unknown>;
} {
  const { ruleSources, sequenceSources } = deps.content.files;
  const rules: Record<string, unknown> = { ...ruleSources };
  for (const ruleId of Object.keys(ruleSources)) {
    const stored = deps.content.storedOf({ kind: 'rule', rule: ruleId });
    if (stored) rules[ruleId] = stored.content;
  }
  const sequences: Record<string, unknown> = Object.fromEntries(
    deps.rules.sequences.map((s) => [
      s.id,
      deps.content.storedOf({ kind: 'sequence', sequence: s.id })?.content ?? sequenceSources[s.id],
    ]),
  );
  return { rules, sequences };
}
