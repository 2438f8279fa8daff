import { SESClient } from '@aws-sdk/client-ses';
import { indexContacts } from '../engine/customers/contact-holders';
import { jsonLogger } from '../engine/log';
import { ensureFirstAdmin } from '../engine/team/first-admin';
import { mailSetupLink } from '../engine/team/setup-mail';
import { systemClock } from '../ports/clock/index';
import type { Mailer } from '../ports/mailer/index';
import { SesMailer } from '../ports/mailer/ses';
import { DynamoAuditRepo } from '../ports/store/dynamodb/audit';
import { createDocumentClient } from '../ports/store/dynamodb/client';
import { DynamoContactRepo } from '../ports/store/dynamodb/contacts';
import { DynamoDirectoryRepo } from '../ports/store/dynamodb/directory';
import { DynamoUserRepo } from '../ports/store/dynamodb/users';
import type { FirstAdminConfig } from './config';

/**
 * Run after every deploy (infra/first-admin.ts): makes the first admin from
 * the stack's `adminEmail` while the team has nobody, and emails their setup
 * link; while they have not chosen a password, each run sends a fresh one.
 * It reads no secret (the link's token is random), so it works on the very
 * first deploy, before the operator has filled the secret. A mail that fails
 * is logged and answered `mailed: false`; it never fails the deploy.
 * @example await bootstrapFirstAdmin(parseFirstAdminConfig(process.env));
 */
export async function bootstrapFirstAdmin(
  config: FirstAdminConfig,
  mailer: Mailer = new SesMailer(new SESClient({}), systemClock),
): Promise<{ status: string; mailed?: boolean }> {
  const log = jsonLogger();
  const db = createDocumentClient();
  const deps = {
    // The team, the audit trail and what the contact items' migration reads and writes only.
    store: {
      users: new DynamoUserRepo(db, config.NURTURE_TABLE),
      audit: new DynamoAuditRepo(db, config.NURTURE_TABLE),
      contacts: new DynamoContactRepo(db, config.NURTURE_TABLE),
      directory: new DynamoDirectoryRepo(db, config.NURTURE_TABLE),
    },
    clock: systemClock,
    log,
    settings: { publicUrl: config.NURTURE_PUBLIC_URL },
  };
  // The contact items' migration (engine/customers/contact-holders.ts), at once once it has run. One
  // that fails (a book too large for one run) never fails the deploy: the check keeps asking the
  // contact indexes meanwhile, and the next deploy runs it again.
  await indexContacts(deps).catch((error: unknown) =>
    log('contacts.index-failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  const outcome = await ensureFirstAdmin(deps, config.NURTURE_ADMIN_EMAIL);
  if (!('setupLink' in outcome)) return { status: outcome.status };
  const mailed = await mailSetupLink(
    {
      mailer,
      settings: { businessName: config.NURTURE_BUSINESS_NAME, fromAddress: config.NURTURE_FROM },
      log,
    },
    { to: config.NURTURE_ADMIN_EMAIL, link: outcome.setupLink, locale: 'en' },
  );
  return { status: outcome.status, mailed };
}
