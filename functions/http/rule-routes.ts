import { Hono } from 'hono';
import * as z from 'zod';
import { CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { listRules, saveRule } from '../engine/content/rule-edits';
import type { EngineDeps } from '../engine/deps';
import { actorFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';

const ruleParams = z.lazy(() =>
  z.object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be a rule id such as monthly-letter'),
  }),
);

const saveRuleSchema = z.lazy(() =>
  z.strictObject({
    rule: z.record(z.string(), z.unknown()),
    baseVersion: z.number().int().min(1),
    note: z.string().max(500).optional(),
  }),
);

/** The `/v1/rules` operations, for the OpenAPI document. */
export const ruleOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/rules',
    tag: 'Rules',
    summary:
      'Every cadence rule, the chase and the caps, as written, with their live versions and who saved them',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    responses: { 200: { description: '`{ rules: [{ id, kind, version, updatedAt?, updatedBy?, rule }] }`' } },
  },
  {
    method: 'put',
    path: '/v1/rules/{id}',
    tag: 'Rules',
    summary: 'Save a rule as a new version',
    description:
      'Live within a minute in every container; each customer follows it from their next planning (their next alarm, reply, deal or profile change).',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: ruleParams,
    body: saveRuleSchema,
    responses: {
      200: { description: '`{ version }`' },
      404: { description: 'No such rule' },
      409: { description: '`baseVersion` is not the live version: someone saved meanwhile' },
      422: {
        description: 'A parameter is out of range, or a named template does not exist: `{ error, issues }`',
      },
    },
  },
];

/** `/v1/rules`: the cadence rules, chase and caps, editable with versions. */
export function ruleRoutes(deps: EngineDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => c.json({ rules: await listRules(deps) }));

  app.put('/:id', async (c) => {
    const { id } = parseOrThrow(ruleParams, c.req.param(), 'rule');
    const edit = parseOrThrow(saveRuleSchema, await jsonBody(c), 'rule edit');
    return c.json(await saveRule(deps, id, edit, actorFor(c)), 200);
  });

  return app;
}
