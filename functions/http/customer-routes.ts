import { Hono } from 'hono';
import * as z from 'zod';
import { customerIdSchema, customerInputSchema } from '../core/customer';
import { ValidationError } from '../core/errors';
import { parseOrThrow } from '../core/validation';
import {
  forecastCustomer,
  getCustomerFile,
  parseCustomer,
  upsertCustomer,
  upsertCustomers,
} from '../engine/customers';
import type { EngineDeps } from '../engine/deps';
import { sendLetter } from '../engine/letters';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';
import { idempotencyKey, idempotencyKeySchema } from './idempotency-key';

export const BATCH_LIMIT = 500;

export const letterRequestSchema = z.strictObject({
  template: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a template name such as hello-again'),
  channel: z.enum(['email', 'sms']),
  chase: z.boolean().default(false),
});

export const forecastDaysSchema = z.coerce.number().int('days must be a whole number').min(1).max(730);

const customerPath = z.object({ customerId: customerIdSchema });
const batchItems = z.array(customerInputSchema).min(1).max(BATCH_LIMIT);

/** The customer routes as the OpenAPI document describes them. */
export const customerOperations: ApiOperation[] = [
  {
    method: 'put',
    path: '/v1/customers/{customerId}',
    tag: 'Customers',
    summary: 'File a customer (create or replace the profile)',
    description: 'Phone numbers are normalised to E.164; the engine state (chases, alarms) stays.',
    auth: 'api-key',
    params: customerPath,
    body: customerInputSchema,
    responses: {
      200: { description: 'Updated: `{ customerId, status: "updated" }`' },
      201: { description: 'Created: `{ customerId, status: "created" }`' },
      400: { description: 'A field is invalid; nothing was written' },
    },
  },
  {
    method: 'post',
    path: '/v1/customers/batch',
    tag: 'Customers',
    summary: `File up to ${BATCH_LIMIT} customers in one call`,
    description:
      'Each item needs its `customerId` and is filed on its own: a bad item is reported in `results` (207) and the rest still land.',
    auth: 'api-key',
    body: z.union([batchItems, z.strictObject({ customers: batchItems })]),
    responses: {
      200: { description: '`{ created, updated, invalid, failed, results }`, every item filed' },
      207: { description: 'Some items invalid or failed; see `results[].status`' },
      400: { description: `Not an array of 1 to ${BATCH_LIMIT} customers` },
    },
  },
  {
    method: 'get',
    path: '/v1/customers/{customerId}',
    tag: 'Customers',
    summary: 'The customer file: profile, deals, tier, chases, timeline',
    auth: 'api-key',
    params: customerPath,
    responses: { 200: { description: 'The file' }, 404: { description: 'No such customer' } },
  },
  {
    method: 'get',
    path: '/v1/customers/{customerId}/forecast',
    tag: 'Customers',
    summary: 'What the rules will send in the coming days, without sending anything',
    auth: 'api-key',
    params: customerPath,
    query: z.object({ days: forecastDaysSchema.optional() }),
    responses: {
      200: { description: 'The planned messages with local dates' },
      404: { description: 'No such customer' },
    },
  },
  {
    method: 'post',
    path: '/v1/customers/{customerId}/messages',
    tag: 'Customers',
    summary: 'Send a letter now, optionally with the follow-up chase behind it',
    auth: 'api-key',
    params: customerPath,
    headers: z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() }),
    body: letterRequestSchema,
    responses: {
      200: { description: 'A repeat of an earlier request (same Idempotency-Key)' },
      201: { description: 'Sent' },
      400: { description: 'Invalid request or unknown template' },
      422: { description: 'The customer cannot be reached on the channel' },
    },
  },
];

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
    const results = await upsertCustomers(deps, items);
    const counts = { created: 0, updated: 0, invalid: 0, failed: 0 };
    for (const result of results) counts[result.status]++;
    return c.json({ ...counts, results }, counts.created + counts.updated === results.length ? 200 : 207);
  });

  app.get('/:customerId', async (c) => {
    return c.json(await getCustomerFile(deps, pathCustomerId(c.req.param('customerId'))));
  });

  app.get('/:customerId/forecast', async (c) => {
    const customerId = pathCustomerId(c.req.param('customerId'));
    const days = parseOrThrow(forecastDaysSchema, c.req.query('days') ?? '365', 'forecast request');
    return c.json(await forecastCustomer(deps, customerId, days));
  });

  app.post('/:customerId/messages', async (c) => {
    const customerId = pathCustomerId(c.req.param('customerId'));
    const request = parseOrThrow(letterRequestSchema, await jsonBody(c), 'message request');
    if (!deps.templates.has(request.template)) {
      throw new ValidationError(`invalid message request: template: no template named ${request.template}`, [
        { path: 'template', message: `no template named ${request.template}` },
      ]);
    }
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const result = await sendLetter(deps, customerId, { ...request, requestId: key ?? newId() });
    return c.json(result, result.duplicate ? 200 : 201);
  });

  return app;
}
