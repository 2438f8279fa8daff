/**
 * A background job the scheduler wakes, rather than a customer: a campaign's
 * fan-out continues page by page on its own alarm (`campaign`), and its send
 * lists go out minute by minute on another (`campaign-send`).
 */
export interface JobRef {
  kind: 'campaign' | 'campaign-send';
  id: string;
}

/** Every job kind, checked complete by the compiler: what a scheduler's payload may name. */
export const JOB_KINDS = Object.keys({
  campaign: true,
  'campaign-send': true,
} satisfies Record<JobRef['kind'], true>) as [JobRef['kind'], ...JobRef['kind'][]];

/**
 * One alarm per customer: the engine, not the scheduler, knows the rules, so
 * the scheduler only has to wake the engine for a customer at a time. Jobs
 * have alarms of their own, named apart so they never touch a customer's.
 * @example await scheduler.arm('c-42', new Date('2027-02-09T01:00:00Z'));
 */
export interface Scheduler {
  /** Sets (or moves) the customer's single alarm to `at`. */
  arm(customerId: string, at: Date): Promise<void>;
  /** Removes the customer's alarm; nothing is pending. */
  disarm(customerId: string): Promise<void>;
  /** Sets (or moves) the job's single alarm to `at`. */
  armJob(job: JobRef, at: Date): Promise<void>;
  /** Removes the job's alarm. */
  disarmJob(job: JobRef): Promise<void>;
}
