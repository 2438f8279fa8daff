import type { FailureCount } from '../../core/team/sign-in-throttle';

export type { FailureCount };

/**
 * Failed sign-ins counted per key (`account:<email>`, `address:<ip or /64>`),
 * each count forgotten by TTL when left alone.
 * @example const count = await store.signInAttempts.get('account:li.lei@shop.example');
 */
export interface SignInAttemptRepo {
  get(key: string): Promise<FailureCount | undefined>;
  /**
   * Replaces `expected` with `next` (a conditional write: false when another
   * failure was counted meanwhile, and the caller counts again from what is there).
   */
  replace(
    key: string,
    expected: FailureCount | undefined,
    next: FailureCount,
    expiresAt: Date,
  ): Promise<boolean>;
  clear(key: string): Promise<void>;
}
