import { Hono } from 'hono';
import * as z from 'zod';
import { ADMIN_ONLY } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { listAudit } from '../engine/audit/audit';
import type { EngineDeps } from '../engine/deps';
import type { ApiOperation } from './api-operation';

export const auditQuery = z.lazy(() =>
  z.strictObject({
    target: z
      .string()
      .regex(/^[a-z-]+:\S{1,300}$/, 'must be a target such as template:hello-again/en/email or user:u-…')
      .optional()
      .describe(
        'Only changes to this: `template:<id>/<locale>/<channel>`, `rule:<id>`, `campaign:<id>`, `segment:<id>`, `user:<id>`, `task:<customerId>/<taskId>`',
      ),
    by: z
      .string()
      .regex(/^[\w.:-]{1,100}$/, 'must be a user id (u-…), an API key id (key:…) or console-password')
      .optional()
      .describe('Only changes made by this user id, API key id or `console-password`'),
    limit: z.coerce.number().int('limit must be a whole number').min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional(),
  }),
);

/** The `/v1/audit` operation. */
export const auditOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/audit',
    tag: 'Audit',
    summary:
      'Every change made through the API or the console, newest first: who, when, what, before and after',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    query: auditQuery,
    responses: {
      200: {
        description:
          '`{ entries: [{ id, at, by, byName, action, target, before?, after? }], next? }`; `next` is passed back as `cursor`',
      },
      400: { description: 'A target, by or limit out of shape, or a cursor the trail did not return' },
    },
  },
];

/** `/v1/audit`: the trail of changes. */
export function auditRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const { target, by, limit, cursor } = parseOrThrow(auditQuery, c.req.query(), 'audit request');
    const query = { ...(target !== undefined ? { target } : {}), ...(by !== undefined ? { by } : {}) };
    return c.json(await listAudit(deps, query, limit, cursor));
  });
  return app;
}
