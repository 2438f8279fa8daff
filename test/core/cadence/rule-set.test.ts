import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRules, ruleKindOf } from '../../../functions/core/cadence/rule-set';
import { parseFestivalCatalog } from '../../../functions/core/calendars/festivals';
import { SHIPPED_TEMPLATES_DIR, shippedRules } from '../../support/rules';

const read = (file: string): unknown => JSON.parse(readFileSync(join(SHIPPED_TEMPLATES_DIR, file), 'utf8'));
const sources: Record<string, unknown> = Object.fromEntries(
  readdirSync(join(SHIPPED_TEMPLATES_DIR, 'rules'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), read(`rules/${f}`)]),
);
const festivals = parseFestivalCatalog(read('festivals.json'), 'festivals.json');
const templates = new Set(readdirSync(join(SHIPPED_TEMPLATES_DIR, 'messages')));
const has = (name: string) => templates.has(name);
const monthly = sources['monthly-letter'] as Record<string, unknown>;

describe('buildRules', () => {
  it('builds the shipped rules as the files hold them', () => {
    expect(buildRules(sources, festivals, has)).toEqual({ rules: shippedRules });
    expect(ruleKindOf(shippedRules, 'monthly-letter')).toBe('monthly-letter');
    expect(ruleKindOf(shippedRules, 'caps')).toBe('caps');
    expect(ruleKindOf(shippedRules, 'nope')).toBeUndefined();
  });

  it('names a bad per-tier parameter with its rule and path, and nothing else', () => {
    const result = buildRules(
      { ...sources, 'monthly-letter': { ...monthly, daysOfMonth: { A: [0], B: [1], C: [1] } } },
      festivals,
      has,
    );
    expect(result).toEqual({
      issues: [
        {
          rule: 'monthly-letter',
          path: 'daysOfMonth.A.0',
          message: expect.stringContaining('>=1'),
          check: { code: 'too-small', of: 'number', bound: 1 },
        },
      ],
    });
  });

  it('refuses templates that do not exist, wherever a rule names them', () => {
    const result = buildRules(
      sources,
      festivals,
      (name) => has(name) && name !== 'chase-product-intro' && name !== 'order-shipped',
    );
    expect(result).toEqual({
      issues: [
        { rule: 'chase', path: 'steps.1.template', message: 'no template named chase-product-intro' },
        { rule: 'order-progress', path: 'stages.shipped', message: 'no template named order-shipped' },
      ],
    });
  });

  it('refuses a caps priority naming no rule, and a missing chase', () => {
    const { chase: _chase, ...withoutChase } = sources;
    const capsRule = sources.caps as { priority: string[] };
    const result = buildRules(
      { ...withoutChase, caps: { ...capsRule, priority: ['ghost', ...capsRule.priority] } },
      festivals,
      has,
    );
    expect('issues' in result && result.issues.map((i) => `${i.rule} ${i.path}`)).toEqual([
      'chase (root)',
      'caps priority.0',
    ]);
  });
});
