import type { StackProps } from 'aws-cdk-lib';
import type { SendRateProps } from './send-queue';

export interface NurtureStackProps extends StackProps, SendRateProps {
  /** The From header of every email, e.g. `Acme <hello@acme.example>`; its identity must be verified in SES. */
  readonly sendingAddress: string;
  /**
   * How messages name the business (templates' `business.name`).
   * @default the display name of `sendingAddress` (`Acme` in `Acme <hello@acme.example>`)
   */
  readonly businessName?: string;
  /** The domain SES receives replies on; reply-to routing addresses are minted under it. */
  readonly inboundDomain: string;
  /** The public base URL for links (unsubscribe, tracking); defaults to the HTTP API's own endpoint. */
  readonly publicUrl?: string;
  /**
   * The origin (`https://console.acme.example`) a browser console calls the API
   * from, allowed by CORS. A console served by the API itself is same-origin
   * and needs none; without this, the origin of `publicUrl` is allowed.
   */
  readonly consoleOrigin?: string;
  /** Where CloudWatch alarms are emailed (an SNS email subscription, confirmed by its recipient). */
  readonly alarmEmail?: string;
  /**
   * The first admin of the console (`-c adminEmail=boss@acme.example`): after each deploy, while
   * the team has nobody, their account is made and a one-time setup link emailed to them from
   * `sendingAddress`. Without it the console signs in with the console password or an API key.
   */
  readonly adminEmail?: string;
  /**
   * The SMS origination identity (an E.164 number, a sender ID or its ARN in
   * End User Messaging SMS) texts go out from; without it SNS picks one.
   */
  readonly smsOriginationNumber?: string;
}

/** Refuses the settings the runtime would only reject at cold start, after a deploy that looked fine. */
export function checkStackProps(props: NurtureStackProps): void {
  if (!props.sendingAddress.includes('@')) {
    throw new Error(`sendingAddress must contain an email address, got "${props.sendingAddress}"`);
  }
  if (props.publicUrl !== undefined && !URL.canParse(props.publicUrl)) {
    throw new Error(`publicUrl must be an absolute URL, got "${props.publicUrl}"`);
  }
  if (props.consoleOrigin !== undefined && originOf(props.consoleOrigin) !== props.consoleOrigin) {
    throw new Error(
      `consoleOrigin must be an origin like https://console.example.com, got "${props.consoleOrigin}"`,
    );
  }
  for (const key of ['alarmEmail', 'adminEmail'] as const) {
    const value = props[key];
    if (value !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      throw new Error(`${key} must be an email address, got "${value}"`);
    }
  }
  businessNameOf(props);
}

/** At most what the runtime accepts (NURTURE_BUSINESS_NAME in functions/wiring/config.ts). */
const BUSINESS_NAME_MAX = 100;

/**
 * The business name every message shows: `businessName`, else the display
 * name of `sendingAddress`. Without either the runtime would say "Nurture"
 * to every customer, so synth refuses.
 */
export function businessNameOf(props: Pick<NurtureStackProps, 'businessName' | 'sendingAddress'>): string {
  const name = (props.businessName ?? displayNameOf(props.sendingAddress) ?? '').trim();
  if (name === '') {
    throw new Error(
      `businessName: pass -c businessName='<the name customers know>', or give sendingAddress a display name ` +
        `('Acme <${props.sendingAddress}>')`,
    );
  }
  if (name.length > BUSINESS_NAME_MAX) {
    throw new Error(`businessName must be at most ${BUSINESS_NAME_MAX} characters, got ${name.length}`);
  }
  return name;
}

/** `Acme Ltd` in `Acme Ltd <hello@acme.example>` or `"Acme Ltd" <hello@acme.example>`; undefined for a bare address. */
function displayNameOf(address: string): string | undefined {
  const name = /^\s*"?([^"<]*?)"?\s*</.exec(address)?.[1]?.trim();
  return name ? name : undefined;
}

/**
 * The origin CORS allows: `consoleOrigin`, else the origin of `publicUrl`, else
 * none. The API's own endpoint cannot appear in its own CORS settings
 * (CloudFormation rejects the self-reference), and a console it serves is
 * same-origin anyway.
 */
export function corsOriginOf(
  props: Pick<NurtureStackProps, 'consoleOrigin' | 'publicUrl'>,
): string | undefined {
  return props.consoleOrigin ?? (props.publicUrl ? originOf(props.publicUrl) : undefined);
}

/** The domain of the address in `Name <local@domain>` or `local@domain`. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return address
    .slice(at + 1)
    .replace(/>.*$/, '')
    .trim()
    .toLowerCase();
}

/** `https://x.example/path` -> `https://x.example`; undefined for anything that is not an http(s) URL. */
function originOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
}
