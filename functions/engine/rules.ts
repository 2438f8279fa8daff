import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chaseRuleSchema } from '../core/chase';
import type { Rules } from '../core/plan';
import { describeIssues } from '../core/validation';
import { loadTemplateDir, type TemplateCatalog } from './templates';

/**
 * Loads the cadence rules from `rules/*.json` under `dir`, validating each so a
 * marketer's mistake is reported with its file and field, and every template a
 * rule names exists.
 */
export function loadRules(dir: string, templates: TemplateCatalog): Rules {
  const file = join('rules', 'chase.json');
  const raw: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const parsed = chaseRuleSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = describeIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
    throw new Error(`${file} (rule chase): ${detail.join('; ')}`);
  }
  parsed.data.steps.forEach((step, index) => {
    if (!templates.has(step.template)) {
      throw new Error(`${file} (rule chase): steps.${index}.template: no template named ${step.template}`);
    }
  });
  return { chase: parsed.data };
}

/** Templates and the rules that use them, from a `templates/` directory. */
export function loadContent(dir: string): { templates: TemplateCatalog; rules: Rules } {
  const templates = loadTemplateDir(dir);
  return { templates, rules: loadRules(dir, templates) };
}
