import * as z from 'zod';
import { customerIdSchema } from '../core/customers/customer';
import { runJob } from '../engine/campaigns/campaign-jobs';
import { fireCustomer } from '../engine/fire/fire';
import { JOB_KINDS } from '../ports/scheduler/index';
import { engineHandler } from '../wiring/aws-runtime';

const jobSchema = z.strictObject({ kind: z.enum(JOB_KINDS), id: z.string().regex(/^[\w.:-]{1,128}$/) });
/** A fan-out hands over to its next run with this much of the invocation left. */
const HAND_OVER_MS = 20_000;

/**
 * The target of every EventBridge Scheduler alarm: a customer's
 * (`{ "customerId": "…" }`) or a background job's (`{ "job": { "kind": "campaign" | "campaign-send", "id": "…" } }`).
 */
export const handler = engineHandler(
  async (
    deps,
    event: { customerId?: unknown; job?: unknown },
    context?: { getRemainingTimeInMillis(): number },
  ) => {
    if (event.job !== undefined) {
      const job = jobSchema.parse(event.job);
      const shouldStop = () => (context?.getRemainingTimeInMillis() ?? 0) < HAND_OVER_MS;
      return runJob(deps, job, { shouldStop });
    }
    return fireCustomer(deps, customerIdSchema.parse(event.customerId));
  },
);
