import { type ColumnMapping, headerOf } from './column-mapping';
import type { RowProblem, ValidRecord } from './row-validation';

/** The most customers `POST /v1/customers/batch` takes at once. */
export const CUSTOMER_BATCH_LIMIT = 500;

/** One item's answer from `POST /v1/customers/batch`. */
export interface BatchItemResult {
  status: string;
  error?: string;
  /** With status "conflict": the contact someone on file holds under another name, and who. */
  field?: 'phone' | 'email';
  existing?: { customerId: string; name: string };
}

/**
 * Posts `{ customers }` (with the import's `onConflict` and `dryRun`) and
 * answers the `results` array, one per customer in order.
 */
export type PostCustomers = (customers: Record<string, unknown>[]) => Promise<BatchItemResult[]>;

/** A customer not written: their phone or email belongs to a customer on file by another name. */
export interface ImportConflict {
  /** The spreadsheet rows the customer came from, as the spreadsheet numbers them. */
  rows: number[];
  /** The header of the phone or email column. */
  column: string;
  field: 'phone' | 'email';
  customerId: string;
  /** The customer on file who holds the phone or email. */
  existing: { customerId: string; name: string };
}

export interface BatchOutcome {
  /** Customers by the status the engine gave them: created, updated, invalid, conflict (new, existing in a dry run). */
  counts: Record<string, number>;
  /** Rows the engine refused, named by their first spreadsheet row. */
  rejected: RowProblem[];
  /** Customers left unwritten for a conflict. */
  conflicts: ImportConflict[];
}

/** `items` in runs of `size`, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/**
 * Files one batch of customers. Items the engine could not file this time (a
 * throttled write, status "failed") go again, up to three rounds; filing is a
 * put by customer id, so a repeat never makes a second customer.
 * @throws Error when some are still failing after three rounds
 */
export async function sendCustomerBatch(
  post: PostCustomers,
  batch: ValidRecord[],
  mapping: ColumnMapping,
): Promise<BatchOutcome> {
  const counts: Record<string, number> = {};
  const rejected: RowProblem[] = [];
  const conflicts: ImportConflict[] = [];
  let pending = batch;
  for (let round = 0; pending.length > 0; round++) {
    if (round === 3) throw new Error(`${pending.length} customers could not be filed after 3 rounds`);
    const results = await post(pending.map((r) => r.body));
    const failed: ValidRecord[] = [];
    results.forEach((result, i) => {
      const record = pending[i]!;
      if (result.status === 'failed') failed.push(record);
      else counts[result.status] = (counts[result.status] ?? 0) + 1;
      if (result.status === 'invalid') {
        rejected.push({
          row: record.rows[0]!,
          column: '(customer)',
          reason: `rejected by the API: ${result.error}`,
        });
      }
      if (result.status === 'conflict' && result.field && result.existing) {
        conflicts.push({
          rows: [...record.rows],
          column: headerOf(mapping, result.field),
          field: result.field,
          customerId: String(record.body.customerId),
          existing: { customerId: result.existing.customerId, name: result.existing.name },
        });
      }
    });
    pending = failed;
  }
  return { counts, rejected, conflicts };
}
