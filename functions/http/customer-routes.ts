import { Hono } from 'hono';
import * as z from 'zod';
import { customerIdSchema, customerInputSchema } from '../core/customers/customer';
import { ValidationError } from '../core/errors';
import { ADMIN_ONLY, CARE_ROLES, EVERY_ROLE } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { upsertCustomers } from '../engine/customers/customer-batch';
import { requireInScope } from '../engine/customers/customer-scope';
import {
  forecastCustomer,
  getCustomerFile,
  parseCustomer,
  upsertCustomer,
} from '../engine/customers/customers';
import type { EngineDeps } from '../engine/deps';
import { setTaskStatus } from '../engine/replies/tasks';
import { sendLetter } from '../engine/send/letters';
import { actorFor, scopeFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';
import { idempotencyKey } from './idempotency-key';

export const BATCH_LIMIT = 500;

const letterSchema = z.lazy(() =>
  z.strictObject({
    template: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a template name such as hello-again'),
    channel: z.enum(['email', 'sms']),
    chase: z.boolean().default(false),
  }),
);

const forecastDays = z.lazy(() => z.coerce.number().int('days must be a whole number').min(1).max(730));
const forecastQuery = z.lazy(() => z.strictObject({ days: forecastDays.default(365) }));
const taskIdSchema = z.lazy(() =>
  z.string().regex(/^[\w.:-]{1,128}$/, 'must be a task id from the timeline'),
);
const customerParams = z.lazy(() => z.strictObject({ customerId: customerIdSchema }));
const taskParams = z.lazy(() => z.strictObject({ customerId: customerIdSchema, taskId: taskIdSchema }));
const batchOptions = z.lazy(() =>
  z.object({
    onConflict: z
      .enum(['update', 'report'])
      .default('update')
      .describe(
        'What to do with a customer whose phone or email belongs to a customer on file by another name: ' +
          '`update` files it over them (the default), `report` answers `conflict` and writes nothing for it',
      ),
    dryRun: z
      .boolean()
      .default(false)
      .describe('Write nothing: each customer is answered `new`, `existing` or `conflict`'),
  }),
);
/** Statuses a batch answers with 200 when every item has one. */
const FILED = new Set(['created', 'updated', 'new', 'existing']);

function pathCustomerId(raw: string): string {
  return parseOrThrow(customerIdSchema, raw, 'customer id');
}

/** `/v1/customers`: the backend's customer files and one-off letters. */
export function customerRoutes(deps: EngineDeps, newId: () => string): Hono {
  const app = new Hono();

  app.put('/:customerId', async (c) => {
    const customerId = pathCustomerId(c.req.param('customerId'));
    const customer = parseCustomer(customerId, await jsonBody(c));
    const result = await upsertCustomer(deps, customer);
    return c.json(result, result.status === 'created' ? 201 : 200);
  });

  app.post('/batch', async (c) => {
    const body = await jsonBody(c);
    const items = Array.isArray(body) ? body : (body as { customers?: unknown } | null)?.customers;
    if (!Array.isArray(items)) {
      throw new ValidationError('invalid batch: customers: must be an array of customers', [
        { path: 'customers', message: 'must be an array of customers' },
      ]);
    }
    if (items.length === 0 || items.length > BATCH_LIMIT) {
      throw new ValidationError(`invalid batch: customers: must hold 1 to ${BATCH_LIMIT} customers`, [
        { path: 'customers', message: `must hold 1 to ${BATCH_LIMIT} customers, got ${items.length}` },
      ]);
    }
    const options = parseOrThrow(batchOptions, Array.isArray(body) ? {} : body, 'batch');
    const results = await upsertCustomers(deps, items, options);
    const counts: Record<string, number> = options.dryRun
      ? { new: 0, existing: 0, conflict: 0, invalid: 0, failed: 0 }
      : {
          created: 0,
          updated: 0,
          ...(options.onConflict === 'report' ? { conflict: 0 } : {}),
          invalid: 0,
          failed: 0,
        };
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    const filed = results.every((result) => FILED.has(result.status));
    return c.json({ ...(options.dryRun ? { dryRun: true } : {}), ...counts, results }, filed ? 200 : 207);
  });

  app.get('/:customerId', async (c) => {
    return c.json(await getCustomerFile(deps, pathCustomerId(c.req.param('customerId')), scopeFor(c)));
  });

  app.get('/:customerId/forecast', async (c) => {
    const customerId = pathCustomerId(c.req.param('customerId'));
    const { days } = parseOrThrow(forecastQuery, { days: c.req.query('days') }, 'forecast request');
    return c.json(await forecastCustomer(deps, customerId, days, scopeFor(c)));
  });

  for (const [action, status] of [
    ['done', 'done'],
    ['undo', 'open'],
  ] as const) {
    app.post(`/:customerId/tasks/:taskId/${action}`, async (c) => {
      const { customerId, taskId } = parseOrThrow(taskParams, c.req.param(), 'task');
      const task = await setTaskStatus(
        deps,
        { customerId, taskId, status },
        { by: actorFor(c), scope: scopeFor(c) },
      );
      return c.json({ task });
    });
  }

  app.post('/:customerId/messages', async (c) => {
    const customerId = pathCustomerId(c.req.param('customerId'));
    const request = parseOrThrow(letterSchema, await jsonBody(c), 'message request');
    if (!deps.templates.has(request.template)) {
      throw new ValidationError(`invalid message request: template: no template named ${request.template}`, [
        { path: 'template', message: `no template named ${request.template}` },
      ]);
    }
    const key = idempotencyKey(c.req.header('idempotency-key'));
    await requireInScope(deps, customerId, scopeFor(c));
    const result = await sendLetter(deps, customerId, { ...request, requestId: key ?? newId() });
    return c.json(result, result.duplicate ? 200 : 201);
  });

  return app;
}

const customerTag = 'Customers';

export const customerOperations = (): ApiOperation[] => [
  {
    method: 'put',
    path: '/v1/customers/{customerId}',
    tag: customerTag,
    summary: 'File a customer (create or replace the profile)',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: customerParams,
    body: customerInputSchema,
    responses: {
      200: { description: 'Updated' },
      201: { description: 'Created' },
      400: { description: 'Invalid field' },
    },
  },
  {
    method: 'post',
    path: '/v1/customers/batch',
    tag: customerTag,
    summary: 'File up to 500 customers, each on its own',
    description:
      'Each customer is answered on its own: `created`, `updated`, `invalid` (with the issues) or `failed` ' +
      '(try it again). With `onConflict: "report"`, a customer whose phone or email belongs to a customer ' +
      'on file by another name (compared NFKC, trimmed, whitespace collapsed, case-insensitive) is answered ' +
      '`{ customerId, status: "conflict", field: "phone" | "email", existing: { customerId, name } }` and ' +
      'not written. With `dryRun: true` nothing is written and each is answered `new`, `existing` or `conflict`.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    body: z
      .strictObject({ customers: z.array(customerInputSchema).min(1).max(BATCH_LIMIT) })
      .extend(batchOptions.unwrap().shape),
    responses: {
      200: { description: 'All filed (or, in a dry run, all new or existing)' },
      207: { description: 'Some invalid, failed or in conflict, each reported' },
      400: { description: 'Not 1 to 500 customers, or an onConflict or dryRun of another kind' },
    },
  },
  {
    method: 'get',
    path: '/v1/customers/{customerId}',
    tag: customerTag,
    summary: 'The customer file: profile, deals, tier, chases, sequence runs, timeline and referrals',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    params: customerParams,
    responses: { 200: { description: 'The file' }, 404: { description: 'No such customer' } },
  },
  {
    method: 'get',
    path: '/v1/customers/{customerId}/forecast',
    tag: customerTag,
    summary: 'What the rules would send the customer in the coming days, nothing sent',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    params: customerParams,
    query: forecastQuery,
    responses: { 200: { description: 'The forecast' }, 404: { description: 'No such customer' } },
  },
  {
    method: 'post',
    path: '/v1/customers/{customerId}/messages',
    tag: customerTag,
    summary: 'Send a one-off letter now, optionally chased',
    auth: 'api-key',
    roles: EVERY_ROLE,
    ownersSeeTheirs: true,
    params: customerParams,
    headers: z.object({
      'Idempotency-Key': z
        .string()
        .regex(/^[\w.:-]{1,128}$/)
        .optional(),
    }),
    body: letterSchema,
    responses: { 200: { description: 'A repeat of an earlier request' }, 201: { description: 'Sent' } },
  },
  ...(['done', 'undo'] as const).map(
    (action): ApiOperation => ({
      method: 'post',
      path: `/v1/customers/{customerId}/tasks/{taskId}/${action}`,
      tag: 'Tasks',
      summary: action === 'done' ? "Mark an owner's task done" : 'Reopen a task marked done',
      description: 'Idempotent: a repeat answers the task as it stands.',
      auth: 'api-key',
      roles: CARE_ROLES,
      ownersSeeTheirs: true,
      params: taskParams,
      responses: {
        200: { description: '`{ task: { id, customerId, customerName, task, status, note, at, doneAt? } }`' },
        404: { description: 'No such task on this customer' },
      },
    }),
  ),
];
