import { Hono } from 'hono';
import { templateStats } from '../engine/delivery';
import type { EngineDeps } from '../engine/deps';

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
