import * as z from 'zod';
import { parseOrThrow } from '../core/validation';
import { type SweepReport, sweepAlarms } from '../engine/fire/sweep';
import { flushAfter } from '../ports/metrics/index';
import { createSweepDeps } from '../wiring/aws-sweep';
import { parseSweepConfig } from '../wiring/config';

const deps = createSweepDeps(parseSweepConfig(process.env));

/** `{}` from the 15-minute schedule; `{ "lookbackHours": 168 }` by hand after an outage longer than a day. */
const eventSchema = z.lazy(() => z.object({ lookbackHours: z.number().int().min(1).max(744).optional() }));

/** The recovery sweep: re-arms every alarm that should have rung and did not. */
export async function handler(event: unknown): Promise<SweepReport> {
  const { lookbackHours } = parseOrThrow(eventSchema, event ?? {}, 'sweep event');
  const policy = lookbackHours ? { lookbackMs: lookbackHours * 3_600_000 } : {};
  const report = await flushAfter(deps.metrics, () => sweepAlarms(deps, { policy }));
  // A failed re-arm fails the invocation, so Lambda retries it (idempotent) and the errors alarm rings.
  if (report.failed.length > 0) throw new Error(`sweep could not re-arm ${report.failed.length} alarm(s)`);
  return report;
}
