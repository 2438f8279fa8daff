export type ImportKind = 'customers' | 'deals';

/** What decides how rows become customers or deals, for the CLI and the console alike. */
export interface ValidationOptions {
  kind: ImportKind;
  /** The header of a column of customer ids; without it ids are derived from phone or email. */
  idColumn: string | undefined;
  /** Defaults for rows that leave these columns empty. */
  defaults: { country?: string; locale?: string; timezone?: string; currency?: string };
}
