export type ImportKind = 'customers' | 'deals';

/** What decides how rows become customers or deals, for the CLI and the console alike. */
export interface ValidationOptions {
  kind: ImportKind;
  /** The header of a column of customer ids; without it ids are derived from phone or email. */
  idColumn: string | undefined;
  /** Defaults for rows that leave these columns empty. */
  defaults: { country?: string; locale?: string; timezone?: string; currency?: string };
  /**
   * The marketing consent rows get when the sheet has no consent column (or leaves it
   * empty): none unless the importer says so, since an old spreadsheet is no opt-in.
   */
  consent: Consent;
}

/** Marketing consent per channel; transactional notices (order progress) do not need it. */
export interface Consent {
  email: boolean;
  sms: boolean;
}

export const NO_CONSENT: Consent = { email: false, sms: false };

/**
 * `email,sms`, `email`, `sms` or `none` (the CLI's `--consent`) as consent.
 * @throws Error naming the word it does not know
 */
export function parseConsentList(list: string): Consent {
  const words = list
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  for (const word of words) {
    if (!['email', 'sms', 'none'].includes(word)) throw new Error(`"${word}" is not email, sms or none`);
  }
  return { email: words.includes('email'), sms: words.includes('sms') };
}
