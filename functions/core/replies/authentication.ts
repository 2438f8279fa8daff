import { normaliseAddress } from '../customers/address';

/**
 * The receipt verdict headers SES writes into every message it receives
 * before a receipt rule stores it (S3 action) or hands it on: `X-SES-Spam-Verdict`,
 * `X-SES-Virus-Verdict` (PASS, FAIL, GRAY, PROCESSING_FAILED) and an
 * `Authentication-Results` header with its `spf=`, `dkim=` and `dmarc=`
 * results. The same verdicts are the receipt object's spamVerdict,
 * virusVerdict, spfVerdict, dkimVerdict and dmarcVerdict; see the Amazon SES
 * Developer Guide, "Contents of notifications for Amazon SES email receiving"
 * (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html)
 * and its examples page, whose `mail.headers` show the headers as stored
 * (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-examples.html).
 * Header names here are lower-case; a header given more than once has its
 * values joined by newlines.
 */
export const VERDICT_HEADERS = ['x-ses-spam-verdict', 'x-ses-virus-verdict', 'authentication-results'];

/**
 * Why an inbound message is kept but not acted on: its receipt verdicts
 * failed; it came from another address than the one on file; or it is an
 * owner's mail to an owner alert that is no answer for the customer (an
 * automatic reply, an opt-out word, nothing new written).
 */
export type HoldReason = 'failed-authentication' | 'other-address' | 'owner-not-relayed';

export interface ReceiptVerdicts {
  spam: string[];
  virus: string[];
  spf: string[];
  dkim: string[];
  dmarc: string[];
}

const valuesOf = (headers: Record<string, string>, name: string): string[] => {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry
    ? entry[1]
        .split('\n')
        .map((v) => v.trim().toLowerCase())
        .filter((v) => v !== '')
    : [];
};

/**
 * Every verdict the message carries, lower-cased: each occurrence of each
 * header counts, so a sender's own `X-SES-Spam-Verdict: PASS` written into a
 * message cannot hide the FAIL that SES added above it.
 * @example readVerdicts({ 'authentication-results': 'amazonses.com; spf=fail; dkim=none; dmarc=fail' }).dmarc // ['fail']
 */
export function readVerdicts(headers: Record<string, string>): ReceiptVerdicts {
  const verdicts: ReceiptVerdicts = {
    spam: valuesOf(headers, 'x-ses-spam-verdict'),
    virus: valuesOf(headers, 'x-ses-virus-verdict'),
    spf: [],
    dkim: [],
    dmarc: [],
  };
  for (const results of valuesOf(headers, 'authentication-results')) {
    // Comments in parentheses ("(spfCheck: domain of … designates …)") say nothing to read.
    const bare = results.replace(/\([^()]*\)/g, ' ');
    for (const [, method, result] of bare.matchAll(/\b(spf|dkim|dmarc)\s*=\s*([a-z]+)/g)) {
      verdicts[method as 'spf' | 'dkim' | 'dmarc'].push(result!);
    }
  }
  return verdicts;
}

const SPF_FAILING = new Set(['fail', 'softfail', 'permerror']);

/**
 * True when the receipt says the message is not to be trusted: a spam or
 * virus FAIL, a DMARC fail, or SPF failing with no DKIM signature passing.
 * A message with no verdicts at all does not fail: SES always adds them on
 * AWS, so only the local harness's JSON form and hand-written test messages
 * come without, and those keep working as before.
 * @example failsAuthentication({ 'x-ses-spam-verdict': 'FAIL' }) // true
 */
export function failsAuthentication(headers: Record<string, string> | undefined): boolean {
  const v = readVerdicts(headers ?? {});
  if (v.spam.includes('fail') || v.virus.includes('fail')) return true;
  if (v.dmarc.includes('fail')) return true;
  const spfFails = v.spf.length > 0 && v.spf.every((r) => SPF_FAILING.has(r));
  const dkimFails = v.dkim.length > 0 && !v.dkim.includes('pass');
  return spfFails && dkimFails;
}

/**
 * True when the From of a message is the address on the customer's file,
 * both normalised (`Name <address>` unwrapped, trimmed, lower-cased).
 * @example isFiledSender('Wang.Fang@Example.com', 'wang.fang@example.com') // true
 */
export function isFiledSender(from: string, filed: string | undefined): boolean {
  return filed !== undefined && filed.trim() !== '' && normaliseAddress(from) === normaliseAddress(filed);
}
