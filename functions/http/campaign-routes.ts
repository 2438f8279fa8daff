import { Hono } from 'hono';
import * as z from 'zod';
import { campaignRequestSchema } from '../core/campaigns/campaign-request';
import { CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { cancelCampaign, getCampaign, listCampaigns } from '../engine/campaigns/campaign-views';
import { createCampaign } from '../engine/campaigns/campaigns';
import type { EngineDeps } from '../engine/deps';
import { actorFor } from './access';
import type { ApiOperation } from './api-operation';
import { jsonBody } from './body';
import { idempotencyKey, idempotencyKeySchema } from './idempotency-key';

export const campaignIdSchema = z.lazy(() =>
  z.string().regex(/^[\w.:-]{1,128}$/, 'must be a campaign id such as cmp-…'),
);
export const campaignListQuerySchema = z.lazy(() =>
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    after: z.string().min(1).max(2000).optional(),
  }),
);

const campaignPath = z.lazy(() => z.object({ id: campaignIdSchema }));

/** The campaign routes as the OpenAPI document describes them. */
export const campaignOperations = (): ApiOperation[] => [
  {
    method: 'post',
    path: '/v1/campaigns',
    tag: 'Campaigns',
    summary: 'Create a campaign (or a dry run of one)',
    description:
      'A message to a segment (`kind: "message"`, the default) or the visit announcement (`kind: "visit"`). Each recipient gets it at `sendAt` on their own clock, inside their window and caps.',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    headers: z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() }),
    body: campaignRequestSchema,
    responses: {
      200: {
        description:
          'A dry run (`{ status: "dry-run", campaign, audience: { matched, reachable, unreachable, … }, preview, previews }`), or the campaign an earlier request with the same key created',
      },
      201: { description: 'Created' },
      400: { description: 'A field is invalid; nothing was written' },
    },
  },
  {
    method: 'get',
    path: '/v1/campaigns',
    tag: 'Campaigns',
    summary: 'Campaigns, newest first, each with its progress',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    query: campaignListQuerySchema,
    responses: { 200: { description: '`{ campaigns, next? }`' } },
  },
  {
    method: 'get',
    path: '/v1/campaigns/{id}',
    tag: 'Campaigns',
    summary: 'A campaign: status and progress',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: campaignPath,
    responses: { 200: { description: 'The campaign' }, 404: { description: 'No such campaign' } },
  },
  {
    method: 'post',
    path: '/v1/campaigns/{id}/cancel',
    tag: 'Campaigns',
    summary: 'Cancel a campaign: recipients not yet sent to get nothing',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    params: campaignPath,
    responses: { 200: { description: 'The cancelled campaign' }, 404: { description: 'No such campaign' } },
  },
];

/** `/v1/campaigns`: one message to a segment, each recipient in their own local window. */
export function campaignRoutes(deps: EngineDeps, newId: () => string): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const result = await createCampaign(deps, await jsonBody(c), {
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      newId,
      by: actorFor(c),
    });
    return c.json(result, result.status === 'created' ? 201 : 200);
  });

  app.get('/', async (c) => {
    const query = parseOrThrow(campaignListQuerySchema, c.req.query(), 'campaign list request');
    return c.json(await listCampaigns(deps, query.limit, query.after));
  });

  app.get('/:id', async (c) => {
    return c.json(await getCampaign(deps, parseOrThrow(campaignIdSchema, c.req.param('id'), 'campaign id')));
  });

  app.post('/:id/cancel', async (c) => {
    return c.json(
      await cancelCampaign(
        deps,
        parseOrThrow(campaignIdSchema, c.req.param('id'), 'campaign id'),
        actorFor(c),
      ),
    );
  });

  return app;
}
