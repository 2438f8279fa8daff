import { SESClient } from '@aws-sdk/client-ses';
import { ensureFirstAdmin } from '../engine/team/first-admin';
import { mailSetupLink } from '../engine/team/setup-mail';
import { systemClock } from '../ports/clock/index';
import type { Mailer } from '../ports/mailer/index';
import { SesMailer } from '../ports/mailer/ses';
import type { AwsRuntime } from './aws-runtime';

/**
 * Run after every deploy (infra/first-admin.ts): makes the first admin from
 * the stack's `adminEmail` while the team has nobody, and emails their setup
 * link; while they have not chosen a password, each run sends a fresh one.
 * A mail that fails is logged, never fails the deploy.
 * @example await bootstrapFirstAdmin(await awsRuntime());
 */
export async function bootstrapFirstAdmin(
  { config, deps }: Pick<AwsRuntime, 'config' | 'deps'>,
  mailer: Mailer = new SesMailer(new SESClient({}), systemClock),
): Promise<{ status: string; mailed?: boolean }> {
  const email = config.NURTURE_ADMIN_EMAIL;
  if (!email) return { status: 'no-admin-email' };
  const outcome = await ensureFirstAdmin(deps, email);
  if (!('setupLink' in outcome)) return { status: outcome.status };
  const mailed = await mailSetupLink(
    { mailer, settings: deps.settings, log: deps.log },
    { to: email, link: outcome.setupLink, locale: 'en' },
  );
  return { status: outcome.status, mailed };
}
