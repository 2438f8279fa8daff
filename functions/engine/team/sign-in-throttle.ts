import { TooManyAttemptsError } from '../../core/errors';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  addressKey,
  blockedUntil,
  countFailure,
  type ThrottlePolicy,
} from '../../core/team/sign-in-throttle';
import type { EngineDeps, StoreDeps } from '../deps';

type ThrottleDeps = Pick<EngineDeps, 'clock' | 'log'> & StoreDeps<'signInAttempts'>;

/** What one sign-in is counted against: its account (the email form only) and its client address, when known. */
export interface SignInSubject {
  email?: string;
  address?: string;
}

function countersOf(subject: SignInSubject): { key: string; policy: ThrottlePolicy }[] {
  return [
    ...(subject.email ? [{ key: `account:${subject.email.toLowerCase()}`, policy: ACCOUNT_POLICY }] : []),
    ...(subject.address ? [{ key: `address:${addressKey(subject.address)}`, policy: ADDRESS_POLICY }] : []),
  ];
}

/**
 * Refuses a sign-in (429, with the seconds to wait) while its account or its
 * address is waiting out a back-off; nothing is checked or counted then.
 * @example await checkSignInThrottle(deps, { email, address });
 */
export async function checkSignInThrottle(deps: ThrottleDeps, subject: SignInSubject): Promise<void> {
  const now = deps.clock.now();
  const waits = await Promise.all(
    countersOf(subject).map(async ({ key, policy }) =>
      blockedUntil(await deps.store.signInAttempts.get(key), now, policy),
    ),
  );
  const until = Math.max(0, ...waits.map((date) => date?.getTime() ?? 0));
  if (until > now.getTime()) {
    deps.log('sign-in.throttled', {
      account: subject.email !== undefined,
      until: new Date(until).toISOString(),
    });
    throw new TooManyAttemptsError(Math.ceil((until - now.getTime()) / 1000));
  }
}

/** Counts a failed sign-in against its account and address (each a conditional write, counted again on a race). */
export async function countFailedSignIn(deps: ThrottleDeps, subject: SignInSubject): Promise<void> {
  for (const { key, policy } of countersOf(subject)) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = deps.clock.now();
      const current = await deps.store.signInAttempts.get(key);
      const next = countFailure(current, now, policy);
      const expiresAt = new Date(now.getTime() + policy.forgetAfterMs);
      if (await deps.store.signInAttempts.replace(key, current, next, expiresAt)) break;
    }
  }
}

/**
 * A good sign-in forgets its account's failures. Its address's stay: signing
 * in to one's own account must not buy more guesses at someone else's.
 */
export async function forgiveAccount(deps: ThrottleDeps, email: string): Promise<void> {
  await deps.store.signInAttempts.clear(`account:${email.toLowerCase()}`);
}
