import { Hono } from 'hono';
import { UnauthorizedError } from '../core/errors';
import { verifyWebhook } from '../core/webhook-signature';
import { parseDeal, receiveDeal } from '../engine/deals';
import type { EngineDeps } from '../engine/deps';
import { parseJson } from './body';

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
