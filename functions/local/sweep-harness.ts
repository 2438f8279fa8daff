import { Hono } from 'hono';
import { Duration } from 'luxon';
import * as z from 'zod';
import { ValidationError } from '../core/errors';
import { parseOrThrow } from '../core/validation';
import { parseJson } from '../http/body';
import type { InMemoryMetrics } from '../ports/metrics/memory';
import type { LocalSweeper } from './sweeper';

const sweepSchema = z.lazy(() =>
  z.strictObject({
    lookback: z.string().min(2).optional(),
    grace: z.string().min(2).optional(),
  }),
);

function millisOf(field: 'lookback' | 'grace', iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const duration = Duration.fromISO(iso);
  if (!duration.isValid || duration.toMillis() < 0) {
    const message = 'must be an ISO 8601 duration such as PT24H or PT15M';
    throw new ValidationError(`invalid sweep request: ${field}: ${message}`, [{ path: field, message }]);
  }
  return duration.toMillis();
}

/**
 * `/_local`: the recovery sweep the stack schedules every 15 minutes on AWS
 * (`POST /sweep`, optionally `{ "lookback": "P7D", "grace": "PT15M" }`), and
 * the metrics the engine counted (`GET /metrics`), which CloudWatch holds on AWS.
 */
export function sweepHarness(parts: { sweeper: LocalSweeper; metrics: InMemoryMetrics }): Hono {
  const app = new Hono();

  app.post('/sweep', async (c) => {
    const text = await c.req.text();
    const request = parseOrThrow(sweepSchema, text.trim() ? parseJson(text) : {}, 'sweep request');
    const lookbackMs = millisOf('lookback', request.lookback);
    const graceMs = millisOf('grace', request.grace);
    const report = await parts.sweeper.sweep({
      policy: {
        ...(lookbackMs === undefined ? {} : { lookbackMs }),
        ...(graceMs === undefined ? {} : { graceMs }),
      },
    });
    return c.json(report);
  });

  app.get('/metrics', (c) => c.json({ metrics: parts.metrics.totals(), flushes: parts.metrics.flushes }));

  return app;
}
