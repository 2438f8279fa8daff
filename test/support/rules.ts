import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CadenceRule, cadenceRuleSchema, capsSchema } from '../../functions/core/cadence/cadence-rules';
import { chaseRuleSchema } from '../../functions/core/cadence/chase';
import { parseFestivalCatalog } from '../../functions/core/calendars/festivals';
import { customerInputSchema } from '../../functions/core/customers/customer';
import type { PlanContext, Rules } from '../../functions/core/planning/actions';
import { emptyState } from '../../functions/core/planning/state';

/** The shipped `templates/` directory. */
export const SHIPPED_TEMPLATES_DIR = resolve(import.meta.dirname, '../../templates');

function readJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

/**
 * The rules as `loadRules` (functions/engine/content/rules.ts) builds them from `dir`,
 * parsed with the same schemas, minus the check that every named template
 * exists, so core tests need no template catalog.
 * @example const rules = loadShippedRules(); rules.caps.window // { start: '09:00', end: '20:00' }
 */
export function loadShippedRules(dir = SHIPPED_TEMPLATES_DIR): Rules {
  const chase = chaseRuleSchema.parse(readJson(dir, 'rules/chase.json'));
  const caps = capsSchema.parse(readJson(dir, 'rules/caps.json'));
  const festivals = parseFestivalCatalog(readJson(dir, 'festivals.json'), 'festivals.json');
  const cadences: CadenceRule[] = readdirSync(join(dir, 'rules'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => file.replace(/\.json$/, ''))
    .filter((id) => id !== 'chase' && id !== 'caps')
    .map((id) => ({ ...cadenceRuleSchema.parse(readJson(dir, `rules/${id}.json`)), id }));
  // The shipped sequences are off until a marketer turns them on: the planner tests run without them.
  return { chase, caps, festivals, cadences, sequences: [] };
}

/** The shipped rules, parsed once per test file. */
export const shippedRules: Rules = loadShippedRules();

/** The shipped rule `id`, or a thrown error naming it. */
export function ruleById(rules: Rules, id: string): CadenceRule {
  const rule = rules.cadences.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** A copy of `rules` with some tiers' caps replaced. */
export function withCaps(rules: Rules, tiers: Partial<Rules['caps']['tiers']>): Rules {
  return { ...rules, caps: { ...rules.caps, tiers: { ...rules.caps.tiers, ...tiers } } };
}

/** A copy of `rules` keeping only the cadence rules named (the chase and caps stay). */
export function onlyRules(rules: Rules, ...ids: string[]): Rules {
  return { ...rules, cadences: rules.cadences.filter((r) => ids.includes(r.id)) };
}

/**
 * A plan context for a customer parsed from `input` (the webhook's shape),
 * with an empty state, tier C and the shipped rules unless overridden.
 */
export function planContext(
  input: Record<string, unknown> & { customerId: string },
  overrides: Partial<Omit<PlanContext, 'customer'>> = {},
): PlanContext {
  const { customerId, ...rest } = input;
  return {
    customer: { ...customerInputSchema.parse({ name: 'Test', ...rest }), customerId },
    state: emptyState,
    tier: 'C',
    rules: shippedRules,
    since: '2027-01-01',
    ...overrides,
  };
}

/** What each country greeted before the catalog grew (2026): the year-long planner tests count these. */
const FESTIVALS_2026: Readonly<Record<string, readonly string[]>> = {
  CN: ['new-year', 'spring-festival', 'lantern-festival', 'dragon-boat', 'mid-autumn', 'national-day-cn'],
  US: ['new-year', 'independence-day-us', 'thanksgiving-us', 'christmas'],
  GB: ['new-year', 'easter', 'christmas'],
  AU: ['new-year', 'australia-day', 'christmas'],
};

/**
 * A copy of `rules` whose festival catalog keeps, for CN, US, GB and AU, only the festivals
 * of 2026, so tests of the planner's arithmetic over a year do not move with the catalog.
 */
export function withFestivalsOf2026(rules: Rules): Rules {
  const countries = Object.fromEntries(
    Object.entries(rules.festivals.countries).map(([country, entries]) => [
      country,
      FESTIVALS_2026[country]
        ? entries.filter((e) => FESTIVALS_2026[country]!.includes(typeof e === 'string' ? e : e.id))
        : entries,
    ]),
  );
  return { ...rules, festivals: { ...rules.festivals, countries } };
}
