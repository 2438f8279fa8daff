import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildRules, type RuleSources } from '../../core/cadence/rule-set';
import { type FestivalCatalog, parseFestivalCatalog } from '../../core/calendars/festivals';
import { type Customer, customerInputSchema } from '../../core/customers/customer';
import type { Rules } from '../../core/planning/actions';
import { loadTemplateDir, type TemplateSet } from './templates';

function readJson(dir: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Each rule's JSON from `rules/*.json` under `dir`, by rule id (the file name). */
export function readRuleSources(dir: string): RuleSources {
  const sources: Record<string, unknown> = {};
  for (const file of readdirSync(join(dir, 'rules')).sort()) {
    if (!file.endsWith('.json')) continue;
    const id = file.replace(/\.json$/, '');
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`rules/${file}: rule file names are a-z, 0-9 and -`);
    sources[id] = readJson(dir, `rules/${file}`);
  }
  return sources;
}

/** Each sequence's JSON from `sequences/*.json` under `dir` (none when the folder is absent), by id. */
export function readSequenceSources(dir: string): RuleSources {
  if (!existsSync(join(dir, 'sequences'))) return {};
  const sources: Record<string, unknown> = {};
  for (const file of readdirSync(join(dir, 'sequences')).sort()) {
    if (file.endsWith('.json')) sources[file.replace(/\.json$/, '')] = readJson(dir, `sequences/${file}`);
  }
  return sources;
}

/** The festival calendars from `festivals.json` under `dir`. */
export function readFestivals(dir: string): FestivalCatalog {
  return parseFestivalCatalog(readJson(dir, 'festivals.json'), 'festivals.json');
}

/**
 * Builds the rules from their sources or throws naming the file, rule and
 * field of every mistake (`rules/chase.json` and `rules/caps.json` are the
 * special ones), and that every template a rule names exists.
 */
export function rulesFrom(
  sources: RuleSources,
  festivals: FestivalCatalog,
  templates: TemplateSet,
  sequenceSources: RuleSources = {},
): Rules {
  const built = buildRules(sources, festivals, (name) => templates.has(name), sequenceSources);
  if ('rules' in built) return built.rules;
  const file = (rule: string) =>
    rule === 'festival'
      ? 'festivals.json'
      : rule.startsWith('sequence:')
        ? `sequences/${rule.slice('sequence:'.length)}.json`
        : `rules/${rule}.json`;
  throw new Error(
    built.issues.map((i) => `${file(i.rule)} (rule ${i.rule}): ${i.path}: ${i.message}`).join('; '),
  );
}

/** Loads and validates the cadence rules from `rules/*.json` and `festivals.json` under `dir`. */
export function loadRules(dir: string, templates: TemplateSet): Rules {
  return rulesFrom(readRuleSources(dir), readFestivals(dir), templates, readSequenceSources(dir));
}

/** Templates and the rules that use them, from a `templates/` directory. */
export function loadContent(dir: string): { templates: TemplateSet; rules: Rules } {
  const templates = loadTemplateDir(dir);
  return { templates, rules: loadRules(dir, templates) };
}

/** What the files in a `templates/` directory hold: version 1 of every source and rule. */
export interface ContentFiles {
  templates: TemplateSet;
  ruleSources: RuleSources;
  sequenceSources: RuleSources;
  festivals: FestivalCatalog;
  rules: Rules;
  /** The customer every edited template must render for (`sample-customer.json`). */
  sampleCustomer: Customer;
  /** When the files were written (ISO), the date of every version 1. */
  at: string;
}

/** Reads and validates every file under `dir` once, for the content cache. */
export function loadContentFiles(dir: string): ContentFiles {
  const templates = loadTemplateDir(dir);
  const ruleSources = readRuleSources(dir);
  const sequenceSources = readSequenceSources(dir);
  const festivals = readFestivals(dir);
  const sample = customerInputSchema.parse(readJson(dir, 'sample-customer.json'));
  return {
    templates,
    ruleSources,
    sequenceSources,
    festivals,
    rules: rulesFrom(ruleSources, festivals, templates, sequenceSources),
    sampleCustomer: { ...sample, customerId: sample.customerId ?? 'C-sample' },
    at: statSync(join(dir, 'rules')).mtime.toISOString(),
  };
}
