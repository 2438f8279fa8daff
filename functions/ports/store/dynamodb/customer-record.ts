import type { Customer } from '../../../core/customers/customer';
import { type EngineState, withStateDefaults } from '../../../core/planning/state';
import type { CustomerRecord } from '../customers';

type Item = Record<string, unknown>;

/** A profile item as the record the engine reads (customers.ts, and the fire's batched read in fire-reads.ts). */
export function toRecord(item: Item): CustomerRecord {
  return {
    customer: item.customer as Customer,
    state: withStateDefaults(item.state as Partial<EngineState> | undefined),
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    ...(typeof item.nextAt === 'string' ? { nextAt: item.nextAt } : {}),
    // Complete only once a state save wrote its state facts beside the profile's.
    // and the profile's side carries the search card (directory.ts).
    inDirectory:
      typeof item.gsi4pk === 'string' &&
      item.dirState !== undefined &&
      (item.dirProfile as { card?: unknown } | undefined)?.card !== undefined,
  };
}
