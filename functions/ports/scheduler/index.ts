/**
 * One alarm per customer: the engine, not the scheduler, knows the rules, so
 * the scheduler only has to wake the engine for a customer at a time.
 * @example await scheduler.arm('c-42', new Date('2027-02-09T01:00:00Z'));
 */
export interface Scheduler {
  /** Sets (or moves) the customer's single alarm to `at`. */
  arm(customerId: string, at: Date): Promise<void>;
  /** Removes the customer's alarm; nothing is pending. */
  disarm(customerId: string): Promise<void>;
}
