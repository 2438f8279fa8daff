import { writeFileSync } from 'node:fs';
import type { ImportConflict } from '../import/customer-batches';
import type { ValidationReport } from '../import/report';
import type { Output } from './progress';

const MAX_PRINTED = 50;

/** The report as lines for a person: the column mapping, then each bad row. */
export function printReport(out: Output, report: ValidationReport): void {
  out.write(
    `${report.file}: header on row ${report.headerRow}; columns: ${report.columns
      .map((c) => `${c.header || '(blank)'} -> ${c.field ?? 'not imported'}`)
      .join(', ')}\n`,
  );
  out.write(`${report.rows} rows: ${report.valid} valid, ${report.invalid} with problems\n`);
  if (report.consent) {
    const { email, sms, neither } = report.consent;
    out.write(
      `marketing consent: ${email} customers for email, ${sms} for SMS, ${neither} for neither ` +
        '(order notices go to everyone; a consent column or --consent email,sms decides)\n',
    );
  }
  for (const problem of report.problems.slice(0, MAX_PRINTED)) {
    out.write(`  row ${problem.row}, ${problem.column}: ${problem.reason}\n`);
  }
  if (report.problems.length > MAX_PRINTED) {
    out.write(`  ... and ${report.problems.length - MAX_PRINTED} more (see --report <file.json>)\n`);
  }
}

/** `row 3` or `rows 3, 5`: the rows one customer came from. */
export function rowsLabel(rows: readonly number[]): string {
  return `${rows.length === 1 ? 'row' : 'rows'} ${rows.join(', ')}`;
}

/** Each customer left unwritten because their phone or email belongs to a customer on file by another name. */
export function printConflicts(out: Output, conflicts: readonly ImportConflict[]): void {
  if (conflicts.length === 0) return;
  out.write(
    `${conflicts.length} customers have a phone or email that belongs to a customer on file by another name:\n`,
  );
  for (const conflict of conflicts.slice(0, MAX_PRINTED)) {
    const { customerId, name } = conflict.existing;
    out.write(
      `  ${rowsLabel(conflict.rows)}, ${conflict.column}: the ${conflict.field} of ${name} (${customerId}), on file\n`,
    );
  }
  if (conflicts.length > MAX_PRINTED) {
    out.write(`  ... and ${conflicts.length - MAX_PRINTED} more (see --report <file.json>)\n`);
  }
}

/** What became of the conflicts, and how to write them: a line, or nothing when there were none. */
export function conflictNote(
  conflicts: readonly ImportConflict[],
  mode: { dryRun: boolean; updateExisting: boolean },
): string {
  if (conflicts.length === 0) return '';
  const one = conflicts.length === 1;
  const rows = one ? 'this customer' : `these ${conflicts.length} customers`;
  const not = mode.dryRun ? 'would not be' : one ? 'was not' : 'were not';
  return mode.dryRun && mode.updateExisting
    ? `with --update-existing ${rows} would be written over the customers on file\n`
    : `${rows} ${not} written; check ${one ? 'it' : 'them'}, and import again with --update-existing ` +
        `to write ${one ? 'it' : 'them'} over the customers on file\n`;
}

export function writeReport(path: string, report: ValidationReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
