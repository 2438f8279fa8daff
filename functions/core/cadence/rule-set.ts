import type * as z from 'zod';
import type { FestivalCatalog } from '../calendars/festivals';
import { CAMPAIGN_PRIORITY_ID } from '../campaigns/campaign-plan';
import type { RuleIssue } from '../errors';
import type { Rules } from '../planning/actions';
import { type Sequence, sequenceRule, sequenceSchema } from '../sequences/sequence-definition';
import { describeIssues } from '../validation';
import { type CadenceRule, cadenceRuleSchema, capsSchema } from './cadence-rules';
import { CHASE_SEQUENCE_ID, chaseRuleSchema, chaseSequence } from './chase';
import { askSequence, isAskRule, shippedFor } from './survey-referral';

/** The rules as marketers write them: each rule's JSON by rule id, `chase` and `caps` included. */
export type RuleSources = Readonly<Record<string, unknown>>;

/** What is wrong with one rule, and where: `path` is inside the rule's JSON, e.g. `daysOfMonth.A.0`. */
export type { RuleIssue };

/** The kind a rule id has in the API: a cadence's own kind, or `chase` / `caps`. */
export type RuleKind = CadenceRule['kind'] | 'chase' | 'caps';

function parseRule<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  rule: string,
  issues: RuleIssue[],
): z.output<S> | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of describeIssues(parsed.error)) issues.push({ rule, ...issue });
  return undefined;
}

/** Every template a cadence rule names, with the field that names it (the festival rule's are in the catalog). */
export function templatesNamed(rule: CadenceRule): { path: string; template: string }[] {
  switch (rule.kind) {
    case 'festival':
      return [];
    case 'occasions':
      return rule.occasions.map((o, i) => ({ path: `occasions.${i}.template`, template: o.template }));
    case 'order-progress':
      return Object.entries(rule.stages)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([stage, template]) => ({ path: `stages.${stage}`, template }));
    default:
      return [{ path: 'template', template: rule.template }];
  }
}

/**
 * Parses and cross-checks a whole rule set: every rule against its schema,
 * every template a rule names against `hasTemplate`, and the caps' priority
 * list against the rule ids. Either the rules, or every issue found.
 * @example const result = buildRules({ chase, caps, 'monthly-letter': {...} }, festivals, (t) => catalog.has(t));
 */
export function buildRules(
  sources: RuleSources,
  festivals: FestivalCatalog,
  hasTemplate: (name: string) => boolean,
  sequenceSources: RuleSources = {},
): { rules: Rules } | { issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const chase = parseRule(chaseRuleSchema, sources.chase, 'chase', issues);
  const caps = parseRule(capsSchema, sources.caps, 'caps', issues);
  const cadences: CadenceRule[] = [];
  for (const id of Object.keys(sources).sort()) {
    if (id === 'chase' || id === 'caps') continue;
    if (!/^[a-z0-9-]+$/.test(id)) {
      issues.push({ rule: id, path: '(id)', message: 'rule ids are a-z, 0-9 and -' });
      continue;
    }
    const rule = parseRule(cadenceRuleSchema, sources[id], id, issues);
    if (rule) cadences.push({ ...rule, id });
  }
  const missing = (rule: string, path: string, template: string) => {
    if (!hasTemplate(template)) issues.push({ rule, path, message: `no template named ${template}` });
  };
  chase?.steps.forEach((step, i) => {
    missing('chase', `steps.${i}.template`, step.template);
  });
  for (const rule of cadences) {
    for (const named of templatesNamed(rule)) missing(rule.id, named.path, named.template);
  }
  const sequences: Sequence[] = [];
  for (const id of Object.keys(sequenceSources).sort()) {
    const sequence = parseRule(sequenceSchema, sequenceSources[id], sequenceRule(id), issues);
    if (!sequence) continue;
    if (sequence.id !== id) issues.push({ rule: sequenceRule(id), path: 'id', message: `must be ${id}` });
    if (id === CHASE_SEQUENCE_ID && chase) {
      // The chase's steps are the chase rule's, checked there.
      sequences.push(chaseSequence(chase, sequence));
      continue;
    }
    const asked = cadences.filter(isAskRule).find((rule) => shippedFor(rule, [sequence]));
    if (asked) {
      // The survey's and the referral ask's steps, switch, tiers and delay are their rule's, checked there.
      sequences.push(askSequence(asked, sequence));
      continue;
    }
    sequences.push(sequence);
    sequence.steps.forEach((step, i) => {
      if (step.type === 'send' || step.type === 'task')
        missing(sequenceRule(id), `steps.${i}.template`, step.template);
    });
  }
  if (cadences.some((r) => r.kind === 'festival')) {
    for (const [id, festival] of Object.entries(festivals.festivals)) {
      missing('festival', `festivals.${id}.template`, festival.template);
    }
  }
  caps?.priority.forEach((id, i) => {
    const known =
      id === 'chase' ||
      id === CAMPAIGN_PRIORITY_ID ||
      (Object.hasOwn(sources, id) && id !== 'caps') ||
      sequences.some((s) => sequenceRule(s.id) === id);
    if (!known) {
      issues.push({ rule: 'caps', path: `priority.${i}`, message: `no rule named ${id}` });
    }
  });
  if (issues.length > 0 || !chase || !caps) return { issues };
  return { rules: { chase, caps, festivals, cadences, sequences } };
}

/** The API's kind for a rule id in a built rule set. */
export function ruleKindOf(rules: Rules, id: string): RuleKind | undefined {
  if (id === 'chase' || id === 'caps') return id;
  return rules.cadences.find((r) => r.id === id)?.kind;
}
