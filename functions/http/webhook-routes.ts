import { Hono } from 'hono';
import * as z from 'zod';
import { dealSchema } from '../core/customers/deal';
import { UnauthorizedError } from '../core/errors';
import { verifyWebhook } from '../core/webhook-signature';
import { parseDeal, receiveDeal } from '../engine/customers/deals';
import type { EngineDeps } from '../engine/deps';
import type { ApiOperation } from './api-operation';
import { parseJson } from './body';

/** The Standard Webhooks headers the signature covers; `webhook-id` makes a redelivery harmless. */
export const webhookHeadersSchema = z.lazy(() =>
  z.object({
    'webhook-id': z.string().min(1),
    'webhook-timestamp': z.string().regex(/^\d+$/, 'must be Unix seconds'),
    'webhook-signature': z.string().min(1),
  }),
);

/** The webhook routes as the OpenAPI document describes them. */
export const webhookOperations = (): ApiOperation[] => [
  {
    method: 'post',
    path: '/v1/webhooks/deals',
    tag: 'Webhooks',
    summary: 'A deal at one stage of its life, signed by the backend',
    description:
      'The same deal arrives again at each stage; (dealId, stage) is its identity and a repeated webhook-id is a duplicate.',
    auth: 'webhook-signature',
    headers: webhookHeadersSchema,
    body: dealSchema,
    responses: {
      200: { description: 'A duplicate: `{ status: "duplicate", dealId, stage }`' },
      202: { description: 'Recorded' },
      400: { description: 'A field is invalid; nothing was written' },
      401: { description: 'Missing, stale or wrong signature' },
    },
  },
];

const REASONS = {
  'missing-headers': 'missing webhook-id, webhook-timestamp or webhook-signature header',
  'bad-secret': 'webhook secret is not configured as whsec_<base64>',
  'stale-timestamp': 'webhook-timestamp is outside the 5-minute tolerance',
  'bad-signature': 'webhook-signature does not match',
} as const;

/** `/v1/webhooks`: Standard Webhooks signed deliveries from the backend. */
export function webhookRoutes(deps: EngineDeps, secret: string): Hono {
  const app = new Hono();
  app.post('/deals', async (c) => {
    const body = await c.req.text();
    const headers = {
      id: c.req.header('webhook-id'),
      timestamp: c.req.header('webhook-timestamp'),
      signature: c.req.header('webhook-signature'),
    };
    const verdict = verifyWebhook(secret, headers, body, deps.clock.now());
    if (!verdict.ok) throw new UnauthorizedError(REASONS[verdict.reason]);
    const deal = parseDeal(parseJson(body));
    const outcome = await receiveDeal(deps, headers.id!, deal);
    return c.json(outcome, outcome.status === 'recorded' ? 202 : 200);
  });
  return app;
}
