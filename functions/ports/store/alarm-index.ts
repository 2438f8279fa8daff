/** A customer's pending alarm as the alarm index holds it. */
export interface PendingAlarm {
  customerId: string;
  /** When the alarm was set to ring (ISO). */
  nextAt: string;
}

/**
 * Every pending alarm, filed under the UTC hour it is set for, so a sweep can
 * find the ones that should have rung without reading every customer.
 * @example for await (const page of store.alarms.dueBefore('2027-02-06T09', cutoff)) rearm(page);
 */
export interface AlarmIndexRepo {
  /** The alarms filed under `hour` (`2027-02-06T09`) set to ring before `before`, a page at a time. */
  dueBefore(hour: string, before: Date, options?: { pageSize?: number }): AsyncIterable<PendingAlarm[]>;
}
