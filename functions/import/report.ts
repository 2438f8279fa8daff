import type { ColumnMapping } from './column-mapping';
import type { ImportConflict } from './customer-batches';
import type { RowProblem, ValidationResult } from './row-validation';

/** The validation report: counts and each problem, never the cell values (they are personal data). */
export interface ValidationReport {
  file: string;
  kind: string;
  headerRow: number;
  columns: { header: string; field: string | null }[];
  rows: number;
  valid: number;
  invalid: number;
  problems: RowProblem[];
  /** What the valid customers will get: marketing consent by channel (a customers import). */
  consent?: { email: number; sms: number; neither: number };
  /**
   * Customers whose phone or email belongs to a customer on file by another name, as the
   * engine found them (a dry run, or an import without `--update-existing`): not written.
   */
  conflicts?: ImportConflict[];
}

function consentCounts(result: ValidationResult): ValidationReport['consent'] {
  const counts = { email: 0, sms: 0, neither: 0 };
  for (const { body } of result.records) {
    const consent = body.consent as { email?: boolean; sms?: boolean } | undefined;
    if (consent?.email) counts.email++;
    if (consent?.sms) counts.sms++;
    if (!consent?.email && !consent?.sms) counts.neither++;
  }
  return counts;
}

/** The report of a validated sheet, as the CLI prints it and the console shows it. */
export function buildReport(
  file: string,
  kind: string,
  mapping: ColumnMapping,
  result: ValidationResult,
): ValidationReport {
  return {
    file,
    kind,
    headerRow: mapping.headerRow,
    columns: mapping.headers.map((header, i) => ({ header, field: mapping.fields[i] ?? null })),
    rows: result.rowCount,
    valid: result.rowCount - result.invalidRows,
    invalid: result.invalidRows,
    problems: result.problems,
    ...(kind === 'customers' ? { consent: consentCounts(result) } : {}),
  };
}
