import { Hono } from 'hono';
import { templateStats } from '../engine/delivery';
import type { EngineDeps } from '../engine/deps';
import type { ApiOperation } from './api-operation';

/** The stats routes as the OpenAPI document describes them. */
export const statsOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/v1/stats/templates',
    tag: 'Stats',
    summary: "Each template's counters and rates",
    auth: 'api-key',
    responses: {
      200: { description: '`{ templates: [{ template, sent, delivered, opened, clicked, replied, ... }] }`' },
    },
  },
];

/**
 * `/v1/stats`: how each template does. `GET /templates` answers every
 * template's counters (sent, delivered, opened, clicked, replied, bounced,
 * complained, unsubscribed) and rates, read with one Query, never a scan.
 */
export function statsRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  app.get('/templates', async (c) => c.json({ templates: await templateStats(deps) }));
  return app;
}
