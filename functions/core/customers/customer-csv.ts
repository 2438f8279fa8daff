/** What one row of the list's CSV holds. */
export interface CsvCustomer {
  customerId: string;
  name: string;
  email?: string;
  phone?: string;
  city?: string;
  country?: string;
  tier: string;
  owner?: string;
  tags: string[];
  lastContactAt?: string;
}

const COLUMNS = [
  'customerId',
  'name',
  'email',
  'phone',
  'city',
  'country',
  'tier',
  'owner',
  'tags',
  'lastContactAt',
] as const;

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** @example csvCell('=SUM(A1)') // "'=SUM(A1)" ; csvCell('a,b') // '"a,b"' */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The customer list as CSV (RFC 4180, CRLF), a header row first; tags joined by "; ".
 * @example customersCsv([{ customerId: 'c-1', name: '王芳', tier: 'A', tags: [] }])
 */
export function customersCsv(rows: readonly CsvCustomer[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      COLUMNS.map((column) => {
        const value = row[column];
        return csvCell(Array.isArray(value) ? value.join('; ') : (value ?? ''));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
