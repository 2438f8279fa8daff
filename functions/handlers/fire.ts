import * as z from 'zod';
import { customerIdSchema } from '../core/customers/customer';
import { runCampaignJob } from '../engine/campaigns/campaign-job';
import { fireCustomer } from '../engine/fire/fire';
import { engineHandler } from '../wiring/aws-runtime';

const jobSchema = z.strictObject({ kind: z.literal('campaign'), id: z.string().regex(/^[\w.:-]{1,128}$/) });
/** A fan-out hands over to its next run with this much of the invocation left. */
const HAND_OVER_MS = 20_000;

/**
 * The target of every EventBridge Scheduler alarm: a customer's
 * (`{ "customerId": "…" }`) or a background job's (`{ "job": { "kind": "campaign", "id": "…" } }`).
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
      return runCampaignJob(deps, job.id, { shouldStop });
    }
    return fireCustomer(deps, customerIdSchema.parse(event.customerId));
  },
);
