import { writeFileSync } from 'node:fs';
import type { ColumnMapping } from './column-mapping';
import type { Output } from './progress';
import type { RowProblem, ValidationResult } from './row-validation';

/** What the report file holds: counts and each problem, never the cell values (they are personal data). */
export interface ValidationReport {
  file: string;
  kind: string;
  headerRow: number;
  columns: { header: string; field: string | null }[];
  rows: number;
  valid: number;
  invalid: number;
  problems: RowProblem[];
}

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
  };
}

const MAX_PRINTED = 50;

/** The report as lines for a person: the column mapping, then each bad row. */
export function printReport(out: Output, report: ValidationReport): void {
  out.write(
    `${report.file}: header on row ${report.headerRow}; columns: ${report.columns
      .map((c) => `${c.header || '(blank)'} -> ${c.field ?? 'not imported'}`)
      .join(', ')}\n`,
  );
  out.write(`${report.rows} rows: ${report.valid} valid, ${report.invalid} with problems\n`);
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
