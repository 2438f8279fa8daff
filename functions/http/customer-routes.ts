import { Hono } from 'hono';
import * as z from 'zod';
import { customerIdSchema } from '../core/customer';
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
import { jsonBody } from './body';

export const BATCH_LIMIT = 500;

const letterSchema = z.strictObject({
  template: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a template name such as hello-again'),
  channel: z.enum(['email', 'sms']),
  chase: z.boolean().default(false),
});

const forecastDays = z.coerce.number().int('days must be a whole number').min(1).max(730);

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
    const days = parseOrThrow(forecastDays, c.req.query('days') ?? '365', 'forecast request');
    return c.json(await forecastCustomer(deps, customerId, days));
  });

  app.post('/:customerId/messages', async (c) => {
    const customerId = pathCustomerId(c.req.param('customerId'));
    const request = parseOrThrow(letterSchema, await jsonBody(c), 'message request');
    if (!deps.templates.has(request.template)) {
      throw new ValidationError(`invalid message request: template: no template named ${request.template}`, [
        { path: 'template', message: `no template named ${request.template}` },
      ]);
    }
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\w.:-]{1,128}$/.test(key)) {
      throw new ValidationError('invalid Idempotency-Key header: use 1-128 letters, digits, . _ : -', [
        { path: 'Idempotency-Key', message: 'use 1-128 letters, digits, . _ : -' },
      ]);
    }
    const result = await sendLetter(deps, customerId, { ...request, requestId: key ?? newId() });
    return c.json(result, result.duplicate ? 200 : 201);
  });

  return app;
}
