import { customerIdSchema } from '../core/customer';
import { type FireReport, fireCustomer } from '../engine/fire';
import { engineHandler } from '../wiring/aws-runtime';

/** The target of every customer's EventBridge Scheduler alarm: `{ "customerId": "…" }`. */
export const handler = engineHandler(
  async (deps, event: { customerId?: unknown }): Promise<FireReport> =>
    fireCustomer(deps, customerIdSchema.parse(event.customerId)),
);
