import { Hono } from 'hono';
import * as z from 'zod';
import { CONTENT_ROLES } from '../core/team/roles';
import { parseOrThrow } from '../core/validation';
import { templateStats } from '../engine/delivery-events/template-counts';
import type { EngineDeps } from '../engine/deps';
import { valueCurveOfBook, weeklyDashboard } from '../engine/stats/dashboard';
import type { ApiOperation } from './api-operation';

export const weeklyStatsQuery = z.lazy(() =>
  z.strictObject({
    weeks: z.coerce.number().int('weeks must be a whole number').min(1).max(104).default(12),
  }),
);

/**
 * `/v1/stats`: how each template does and how the book is made. Every answer
 * comes from counters kept up to date as things happen, never from a scan.
 */
export function statsRoutes(deps: EngineDeps): Hono {
  const app = new Hono();
  app.get('/templates', async (c) => c.json({ templates: await templateStats(deps) }));
  app.get('/weekly', async (c) => {
    const { weeks } = parseOrThrow(weeklyStatsQuery, c.req.query(), 'weekly stats request');
    return c.json(await weeklyDashboard(deps, weeks));
  });
  app.get('/value-curve', async (c) => c.json(await valueCurveOfBook(deps)));
  return app;
}

export const statsOperations = (): ApiOperation[] => [
  {
    method: 'get',
    path: '/v1/stats/templates',
    tag: 'Stats',
    summary: "Every template's counters and rates, all weeks summed",
    auth: 'api-key',
    roles: CONTENT_ROLES,
    responses: { 200: { description: '`{ templates: [{ template, sent, delivered, …, rates }] }`' } },
  },
  {
    method: 'get',
    path: '/v1/stats/weekly',
    tag: 'Stats',
    summary: 'Sends, replies and reply rate per ISO week, in total and per template',
    description:
      'Weeks are ISO weeks in UTC, oldest first. What happens to a message (delivery, reply, bounce, ' +
      'complaint, unsubscribe) is counted in the week it was sent.',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    query: weeklyStatsQuery,
    responses: {
      200: {
        description: '`{ weeks: [{ week, start, sent, delivered, replied, replyRate, … }], templates }`',
      },
      400: { description: 'weeks is not a whole number from 1 to 104' },
    },
  },
  {
    method: 'get',
    path: '/v1/stats/value-curve',
    tag: 'Stats',
    summary: 'The 80/20 curve of customer value with the tier cut-offs',
    auth: 'api-key',
    roles: CONTENT_ROLES,
    responses: { 200: { description: '`{ customers, totalValue, points, cutoffs: { A, B }, tiers }`' } },
  },
];
