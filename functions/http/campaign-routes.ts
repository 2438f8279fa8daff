import { Hono } from 'hono';
import * as z from 'zod';
import { ValidationError } from '../core/errors';
import { parseOrThrow } from '../core/validation';
import { cancelCampaign, createCampaign, getCampaign, listCampaigns } from '../engine/campaigns';
import type { EngineDeps } from '../engine/deps';
import { jsonBody } from './body';

const campaignId = z.string().regex(/^[\w.:-]{1,128}$/, 'must be a campaign id such as cmp-…');
const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).max(2000).optional(),
});

/** `/v1/campaigns`: one message to a segment, each recipient in their own local window. */
export function campaignRoutes(deps: EngineDeps, newId: () => string): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\w.:-]{1,128}$/.test(key)) {
      throw new ValidationError('invalid Idempotency-Key header: use 1-128 letters, digits, . _ : -', [
        { path: 'Idempotency-Key', message: 'use 1-128 letters, digits, . _ : -' },
      ]);
    }
    const result = await createCampaign(deps, await jsonBody(c), {
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      newId,
    });
    return c.json(result, result.status === 'created' ? 201 : 200);
  });

  app.get('/', async (c) => {
    const query = parseOrThrow(listQuery, c.req.query(), 'campaign list request');
    return c.json(await listCampaigns(deps, query.limit, query.after));
  });

  app.get('/:id', async (c) => {
    return c.json(await getCampaign(deps, parseOrThrow(campaignId, c.req.param('id'), 'campaign id')));
  });

  app.post('/:id/cancel', async (c) => {
    return c.json(await cancelCampaign(deps, parseOrThrow(campaignId, c.req.param('id'), 'campaign id')));
  });

  return app;
}
