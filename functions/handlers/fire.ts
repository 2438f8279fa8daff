import { customerIdSchema } from '../core/customer';
import { type FireReport, fireCustomer } from '../engine/fire';
import { createAwsDeps } from '../wiring/aws';
import { parseAwsConfig } from '../wiring/config';

const deps = createAwsDeps(parseAwsConfig(process.env));

/** The target of every customer's EventBridge Scheduler alarm: `{ "customerId": "…" }`. */
export async function handler(event: { customerId?: unknown }): Promise<FireReport> {
  const customerId = customerIdSchema.parse(event.customerId);
  return fireCustomer(deps, customerId);
}
