import { domainOf } from '../../core/customers/address';
import type { Automated, InboundContent } from '../../core/replies/automated';
import type { EngineDeps, EngineSettings } from '../deps';
import { recordSoftBounce, suppressAddress } from '../send/suppression';

/** Whether mail comes from (or is about) one of our own domains: the sending domain or the inbound one. */
export function isOwnAddress(
  settings: Pick<EngineSettings, 'fromAddress' | 'inboundDomain'>,
  address: string,
): boolean {
  const domain = domainOf(address);
  return domain === domainOf(settings.fromAddress) || domain === settings.inboundDomain.toLowerCase();
}

function listableBy(deps: Pick<EngineDeps, 'settings'>) {
  return (address: string | undefined): address is string =>
    address?.includes('@') === true && !isOwnAddress(deps.settings, address);
}

/**
 * A permanent bounce lists the address that failed as a hard bounce; an abuse
 * report lists the complaining address (the report's, else the customer's) as
 * an SES complaint does. Never one of our own addresses.
 */
export async function listMachineReport(
  deps: EngineDeps,
  automated: Automated | undefined,
  customerEmail: string | undefined,
): Promise<void> {
  const listable = listableBy(deps);
  if (automated?.kind === 'bounce' && automated.permanent && listable(automated.recipient)) {
    await suppressAddress(deps, automated.recipient, 'hard-bounce', 'inbound-bounce');
  }
  const complainer = automated?.kind === 'abuse-report' ? (automated.recipient ?? customerEmail) : undefined;
  if (listable(complainer)) await suppressAddress(deps, complainer, 'complaint', 'inbound-abuse-report');
}

/**
 * A transient failure (a 4.x.x DSN that gave up: mailbox full, over quota)
 * counts towards the soft-bounce limit as SES's transient bounce events do; a
 * warning that delivery is delayed does not. Not idempotent:
 * call it once per report, after the entry that dedupes redeliveries.
 */
export async function countTransientBounce(
  deps: EngineDeps,
  automated: Automated | undefined,
  at: Date,
): Promise<void> {
  if (automated?.kind !== 'bounce' || automated.permanent !== false || automated.delayed) return;
  if (!listableBy(deps)(automated.recipient)) return;
  await recordSoftBounce(deps, automated.recipient, at, 'inbound-bounce');
}

/** What machine mail is told apart by: the envelope, the MIME structure, the report parts. */
export type MachineSigns = Pick<InboundContent, 'returnPath' | 'contentType' | 'report' | 'body'>;

/** An inbound email as the classifier reads it. */
export function inboundContent(
  email: MachineSigns & Pick<InboundContent, 'text' | 'subject' | 'headers'>,
  sender: string,
): InboundContent {
  return {
    text: email.text,
    from: sender,
    ...(email.subject ? { subject: email.subject } : {}),
    ...(email.headers ? { headers: email.headers } : {}),
    ...(email.returnPath !== undefined ? { returnPath: email.returnPath } : {}),
    ...(email.contentType ? { contentType: email.contentType } : {}),
    ...(email.report ? { report: email.report } : {}),
    ...(email.body ? { body: email.body } : {}),
  };
}
