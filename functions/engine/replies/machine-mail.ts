import type { Automated } from '../../core/replies/automated';
import type { EngineDeps } from '../deps';
import { suppressAddress } from '../send/suppression';

/** The domain of an address, `<…>` and case aside. */
export function domainOf(address: string): string {
  return address
    .slice(address.lastIndexOf('@') + 1)
    .replace(/>$/, '')
    .toLowerCase();
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
  const own = [domainOf(deps.settings.fromAddress), deps.settings.inboundDomain.toLowerCase()];
  const listable = (address: string | undefined): address is string =>
    address?.includes('@') === true && !own.includes(domainOf(address));
  if (automated?.kind === 'bounce' && automated.permanent && listable(automated.recipient)) {
    await suppressAddress(deps, automated.recipient, 'hard-bounce', 'inbound-bounce');
  }
  const complainer = automated?.kind === 'abuse-report' ? (automated.recipient ?? customerEmail) : undefined;
  if (listable(complainer)) await suppressAddress(deps, complainer, 'complaint', 'inbound-abuse-report');
}
