import { parse } from 'csv-parse/sync';
import { readSheet as readXlsxSheet } from 'read-excel-file/universal';

/** A cell as the spreadsheet holds it: XLSX keeps numbers and dates typed, CSV gives text. */
export type Cell = string | number | boolean | Date | null;

/** One row with its number as the spreadsheet shows it (the first row is 1). */
export interface SheetRow {
  rowNumber: number;
  cells: Cell[];
}

/** Only these can be imported; the name decides how the bytes are read. */
export const SHEET_FILE = /\.(csv|xlsx)$/i;

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * Every row of the first sheet of an .xlsx file, or of a CSV file (UTF-8,
 * with or without a byte-order mark), numbered as a spreadsheet numbers them.
 * Runs in Node (the CLI) and in the browser (the console's Import page) alike.
 */
export async function readSheetRows(fileName: string, bytes: Uint8Array): Promise<SheetRow[]> {
  const rows: Cell[][] = /\.xlsx$/i.test(fileName)
    ? ((await readXlsxSheet(arrayBufferOf(bytes))) as Cell[][])
    : parse(new TextDecoder('utf-8').decode(bytes), {
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
      });
  return rows.map((cells, index) => ({ rowNumber: index + 1, cells }));
}

/** A cell as trimmed text; dates as their calendar day or instant. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    const iso = cell.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(cell).trim();
}
