import { writeFileSync } from 'node:fs';
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

export function writeReport(path: string, report: ValidationReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
