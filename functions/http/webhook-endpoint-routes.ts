import { Hono } from 'hono';
import * as z from 'zod';
import { ADMIN_ONLY } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { endpointInputSchema, endpointPatchSchema } from '../core/webhooks/endpoint';
import type { EngineDeps } from '../engine/deps';
import {
  createEndpoint,
  deleteEndpoint,
  endpointDeliveries,
  getEndpoint,
  listEndpoints,
  replayDeadLetters,
  updateEndpoint,
} from '../engine/webhooks/endpoints';
import type { ApiOperation } from './api-operation';
import { jsonBody, parseJson } from './body';

const endpointId = z.lazy(() =>
  z.string().regex(/^ep_[0-9a-f]{16}$/, 'must be an endpoint id such as ep_0a1b2c3d4e5f6a7b'),
);
const endpointParams = z.lazy(() => z.strictObject({ id: endpointId }));
const deliveriesQuery = z.lazy(() =>
  z.strictObject({
    status: z
      .enum(['all', 'dead'])
      .default('all')
      .describe('`dead`: only the dead letters, which a replay sends again'),
    limit: z.coerce.number().int('limit must be a whole number').min(1).max(100).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  }),
);
const replayBody = z.lazy(() =>
  z.strictObject({
    webhookIds: z
      .array(z.string().regex(/^evt_[0-9a-f]{24}$/, 'must be a webhook-id such as evt_…'))
      .min(1)
      .max(100)
      .optional()
      .describe('The dead letters to send again; without, the newest hundred'),
  }),
);

/** `/v1/webhook-endpoints`: where integrators register receivers of the engine's events. */
export function webhookEndpointRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  const id = (raw: string) => parseOrThrow(endpointParams, { id: raw }, 'webhook endpoint').id;

  app.get('/', async (c) => c.json({ endpoints: await listEndpoints(deps) }));

  app.post('/', async (c) => {
    const input = parseOrThrow(endpointInputSchema, await jsonBody(c), 'webhook endpoint');
    return c.json(await createEndpoint(deps, input), 201);
  });

  app.get('/:id', async (c) => c.json(await getEndpoint(deps, id(c.req.param('id')))));

  app.patch('/:id', async (c) => {
    const endpoint = id(c.req.param('id'));
    const patch = parseOrThrow(endpointPatchSchema, await jsonBody(c), 'webhook endpoint change');
    return c.json(await updateEndpoint(deps, endpoint, patch));
  });

  app.delete('/:id', async (c) => c.json(await deleteEndpoint(deps, id(c.req.param('id')))));

  app.get('/:id/deliveries', async (c) => {
    const endpoint = id(c.req.param('id'));
    const { status, limit, cursor } = parseOrThrow(deliveriesQuery, c.req.query(), 'delivery log request');
    return c.json(
      await endpointDeliveries(deps, endpoint, {
        limit,
        ...(status === 'dead' ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    );
  });

  app.post('/:id/replay', async (c) => {
    const endpoint = id(c.req.param('id'));
    const text = await c.req.text();
    const { webhookIds } = parseOrThrow(replayBody, text ? parseJson(text) : {}, 'replay request');
    return c.json(await replayDeadLetters(deps, endpoint, webhookIds));
  });

  return app;
}

const tag = 'Webhook endpoints';
const endpointAnswer =
  '`{ id, url, events, secret, description?, disabled: { at, reason } | null, previousSecretUntil, createdAt, updatedAt }`';

export const webhookEndpointOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/webhook-endpoints',
    tag,
    summary: 'The registered receivers of events, with their secrets',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    responses: { 200: { description: `\`{ endpoints: [${endpointAnswer}] }\`` } },
  },
  {
    method: 'post',
    path: '/v1/webhook-endpoints',
    tag,
    summary: 'Register a receiver for the event types it names',
    description:
      'Each delivery is a POST of `{ type, timestamp, data }` signed per Standard Webhooks with the ' +
      "endpoint's `whsec_` secret (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The URL must " +
      'be https to a public host (locally, `http://127.0.0.1` too). At most 20 endpoints. The event ' +
      "payloads are this document's `webhooks`.",
    auth: 'api-key',
    roles: ADMIN_ONLY,
    body: endpointInputSchema,
    responses: {
      201: { description: endpointAnswer },
      400: { description: 'A URL that is not https (or not public), or an unknown event type' },
      409: { description: 'Already 20 endpoints' },
    },
  },
  {
    method: 'get',
    path: '/v1/webhook-endpoints/{id}',
    tag,
    summary: 'One endpoint',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: endpointParams,
    responses: { 200: { description: endpointAnswer }, 404: { description: 'No such endpoint' } },
  },
  {
    method: 'patch',
    path: '/v1/webhook-endpoints/{id}',
    tag,
    summary: 'Change an endpoint, enable it again, or rotate its secret',
    description:
      'With `rotateSecret: true` the answer carries a new secret; for 24 hours every delivery is signed ' +
      'with both (two `v1,` signatures), so the receiver can move to the new one.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: endpointParams,
    body: endpointPatchSchema,
    responses: {
      200: { description: endpointAnswer },
      400: { description: 'An invalid field, or nothing to change' },
      404: { description: 'No such endpoint' },
    },
  },
  {
    method: 'delete',
    path: '/v1/webhook-endpoints/{id}',
    tag,
    summary: 'Remove an endpoint: nothing more is sent to it',
    description: 'Idempotent: `{ deleted: false }` when it was gone already.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: endpointParams,
    responses: { 200: { description: '`{ deleted }`' } },
  },
  {
    method: 'get',
    path: '/v1/webhook-endpoints/{id}/deliveries',
    tag,
    summary: "The endpoint's delivery log (30 days), newest first, or its dead letters",
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: endpointParams,
    query: deliveriesQuery,
    responses: {
      200: {
        description:
          '`{ deliveries: [{ endpointId, webhookId, type, status: pending | delivered | dead, attempts, createdAt, lastAttemptAt, nextAttemptAt?, responseStatus?, error?, deliveredAt? }], next }`',
      },
      404: { description: 'No such endpoint' },
    },
  },
  {
    method: 'post',
    path: '/v1/webhook-endpoints/{id}/replay',
    tag,
    summary: 'Send dead letters again, each with its own webhook-id',
    description:
      'The named dead letters, or the newest hundred (`more` says whether others are left), each on a ' +
      'fresh schedule of attempts. A delivery no longer dead is left alone, so a repeat is harmless.',
    auth: 'api-key',
    roles: ADMIN_ONLY,
    params: endpointParams,
    body: replayBody,
    responses: {
      200: { description: '`{ replayed: [webhookId], more }`' },
      404: { description: 'No such endpoint' },
      409: { description: 'The endpoint is disabled: enable it first' },
    },
  },
];
