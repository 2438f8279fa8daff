import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod';
import { type CadenceRule, cadenceRuleSchema, capsSchema } from '../core/cadence-rules';
import { CAMPAIGN_PRIORITY_ID } from '../core/campaign-plan';
import { chaseRuleSchema } from '../core/chase';
import { parseFestivalCatalog } from '../core/festivals';
import type { Rules } from '../core/plan';
import { describeIssues } from '../core/validation';
import { loadTemplateDir, type TemplateCatalog } from './templates';

function readJson(dir: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseRule<S extends z.ZodType>(schema: S, raw: unknown, file: string, rule: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const detail = describeIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
  throw new Error(`${file} (rule ${rule}): ${detail.join('; ')}`);
}

/** Every template a rule names, with where it is named, for the existence check. */
function templatesNamed(rule: CadenceRule): string[] {
  switch (rule.kind) {
    case 'festival':
      return [];
    case 'order-progress':
      return Object.values(rule.stages).filter((t): t is string => t !== undefined);
    default:
      return [rule.template];
  }
}

/**
 * Loads the cadence rules from `rules/*.json` under `dir` (one file per rule,
 * the file name is the rule's id; `chase.json` and `caps.json` are special),
 * and the festival calendars from `festivals.json`. Each is validated so a
 * marketer's mistake is reported with its file, rule and field, and every
 * template a rule names must exist.
 */
export function loadRules(dir: string, templates: TemplateCatalog): Rules {
  const files = readdirSync(join(dir, 'rules'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const chase = parseRule(chaseRuleSchema, readJson(dir, 'rules/chase.json'), 'rules/chase.json', 'chase');
  const caps = parseRule(capsSchema, readJson(dir, 'rules/caps.json'), 'rules/caps.json', 'caps');
  const festivals = parseFestivalCatalog(readJson(dir, 'festivals.json'), 'festivals.json');
  const cadences: CadenceRule[] = [];
  for (const file of files) {
    const id = file.replace(/\.json$/, '');
    if (id === 'chase' || id === 'caps') continue;
    const path = `rules/${file}`;
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`${path}: rule file names are a-z, 0-9 and -`);
    cadences.push({ ...parseRule(cadenceRuleSchema, readJson(dir, path), path, id), id });
  }
  const missing = (file: string, rule: string, field: string, template: string) => {
    if (!templates.has(template))
      throw new Error(`${file} (rule ${rule}): ${field}: no template named ${template}`);
  };
  chase.steps.forEach((step, i) => {
    missing('rules/chase.json', 'chase', `steps.${i}.template`, step.template);
  });
  for (const rule of cadences) {
    for (const template of templatesNamed(rule))
      missing(`rules/${rule.id}.json`, rule.id, 'template', template);
  }
  if (cadences.some((r) => r.kind === 'festival')) {
    for (const [id, festival] of Object.entries(festivals.festivals)) {
      missing('festivals.json', 'festival', `festivals.${id}.template`, festival.template);
    }
  }
  for (const id of caps.priority) {
    if (id !== 'chase' && id !== CAMPAIGN_PRIORITY_ID && !cadences.some((r) => r.id === id)) {
      throw new Error(`rules/caps.json (rule caps): priority: no rule named ${id}`);
    }
  }
  return { chase, caps, festivals, cadences };
}

/** Templates and the rules that use them, from a `templates/` directory. */
export function loadContent(dir: string): { templates: TemplateCatalog; rules: Rules } {
  const templates = loadTemplateDir(dir);
  return { templates, rules: loadRules(dir, templates) };
}
