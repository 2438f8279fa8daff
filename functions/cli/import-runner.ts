import { readFileSync } from 'node:fs';
import { eachLimited } from '../core/each-limited';
import { type ColumnMapping, mapColumns } from '../import/column-mapping';
import {
  type BatchItemResult,
  type BatchOutcome,
  chunks,
  type ImportConflict,
  sendCustomerBatch,
} from '../import/customer-batches';
import { buildReport, type ValidationReport } from '../import/report';
import { type RowProblem, type ValidRecord, validateRows } from '../import/row-validation';
import { readSheetRows } from '../import/sheet';
import { ApiClient, type ApiClientOptions } from './api-client';
import type { ImportOptions } from './args';
import { checkpointPath, clearCheckpoint, inputHash, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { createProgress, type Output } from './progress';
import { conflictNote, printConflicts, printReport, writeReport } from './validation-report';

/** Where the import talks and writes: the process's streams and fetch, or a test's. */
export interface ImportIo {
  stdout: Output;
  stderr: Output;
  client?: Omit<ApiClientOptions, 'url' | 'apiKey' | 'webhookSecret'>;
}

export interface ImportSummary {
  /** 0 done, 1 failed part-way (re-run to resume), 2 refused (bad rows or bad usage). */
  exitCode: 0 | 1 | 2;
  rows: number;
  invalid: number;
  /** Batches a previous, interrupted run had done already. */
  resumedBatches: number;
  counts: Record<string, number>;
  rejected: RowProblem[];
  /** Customers not written (or, in a dry run, that would not be) for a phone or email someone else holds. */
  conflicts: ImportConflict[];
}

const DEAL_BATCH = 50;
const DEAL_CONCURRENCY = 8;

type CustomerSend = { onConflict: 'update' | 'report'; dryRun: boolean };

async function sendCustomers(
  client: ApiClient,
  batch: ValidRecord[],
  mapping: ColumnMapping,
  send: CustomerSend,
): Promise<BatchOutcome> {
  return sendCustomerBatch(
    async (customers) => (await client.postCustomers(customers, send)).body.results as BatchItemResult[],
    batch,
    mapping,
  );
}

const byFirstRow = (a: ImportConflict, b: ImportConflict) => (a.rows[0] ?? 0) - (b.rows[0] ?? 0);

/**
 * A dry run asks the engine which customers are new, on file, or in conflict,
 * writing nothing; the conflicts go in the report. Without an API key or an
 * answer it says so and the report stays the sheet's own.
 */
async function dryRunConflicts(
  options: ImportOptions,
  io: ImportIo,
  records: ValidRecord[],
  mapping: ColumnMapping,
): Promise<ImportConflict[] | undefined> {
  const unchecked = 'conflicts with customers on file not checked';
  if (!options.apiKey) {
    io.stdout.write(`${unchecked}: no API key (pass --api-key or set NURTURE_API_KEY)\n`);
    return undefined;
  }
  const client = new ApiClient({ url: options.url, apiKey: options.apiKey, retries: 1, ...io.client });
  const conflicts: ImportConflict[] = [];
  try {
    for (const batch of chunks(records, options.batchSize)) {
      const send = { onConflict: 'report', dryRun: true } as const;
      conflicts.push(...(await sendCustomers(client, batch, mapping, send)).conflicts);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stdout.write(`${unchecked}: the engine at ${options.url} did not answer (${reason})\n`);
    return undefined;
  }
  conflicts.sort(byFirstRow);
  printConflicts(io.stdout, conflicts);
  io.stdout.write(conflictNote(conflicts, { dryRun: true, updateExisting: options.updateExisting }));
  return conflicts;
}

async function sendDeals(client: ApiClient, batch: ValidRecord[]): Promise<BatchOutcome> {
  const counts: Record<string, number> = {};
  await eachLimited(batch, DEAL_CONCURRENCY, async ({ body: deal }) => {
    // The id is the deal's: a re-run, or a retry after a lost answer, is a duplicate, not a second deal.
    const answer = await client.postDeal(`import-${deal.dealId as string}`, deal);
    const status = String(answer.body.status ?? answer.status);
    counts[status] = (counts[status] ?? 0) + 1;
  });
  return { counts, rejected: [], conflicts: [] };
}

/**
 * Reads the sheet, reports every bad row before anything is written, then
 * sends the rows in batches, checkpointing each so an interrupted run resumes.
 */
export async function runImport(options: ImportOptions, io: ImportIo): Promise<ImportSummary> {
  const { stdout, stderr } = io;
  const bytes = readFileSync(options.file);
  const rows = await readSheetRows(options.file, bytes);
  const mapping = mapColumns(
    rows,
    options.idColumn ? { ...options.map, [options.idColumn]: 'customerId' } : options.map,
  );
  const result = await validateRows(rows, mapping, options);
  const report: ValidationReport = buildReport(options.file, options.kind, mapping, result);
  printReport(stdout, report);
  const summary: ImportSummary = {
    exitCode: 0,
    rows: result.rowCount,
    invalid: result.invalidRows,
    resumedBatches: 0,
    counts: {},
    rejected: [],
    conflicts: [],
  };
  if (options.dryRun && options.kind === 'customers' && result.records.length > 0) {
    const conflicts = await dryRunConflicts(options, io, result.records, mapping);
    if (conflicts) report.conflicts = summary.conflicts = conflicts;
  }
  if (options.reportFile) writeReport(options.reportFile, report);
  if (result.invalidRows > 0 && !options.skipInvalid) {
    stderr.write(
      `nothing written: ${result.invalidRows} rows have problems; fix them, or pass --skip-invalid to import the rest\n`,
    );
    return { ...summary, exitCode: 2 };
  }
  if (options.dryRun) {
    const held = options.updateExisting ? 0 : summary.conflicts.length;
    stdout.write(
      `dry run: ${result.records.length} ${options.kind} would be sent` +
        `${held > 0 ? `, ${held} of them not written for a conflict` : ''}; nothing written\n`,
    );
    return summary;
  }

  const credential =
    options.kind === 'customers'
      ? options.apiKey
        ? undefined
        : 'no API key: pass --api-key or set NURTURE_API_KEY'
      : /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(options.webhookSecret ?? '')
        ? undefined
        : 'no webhook secret of the form whsec_<base64>: pass --webhook-secret or set NURTURE_WEBHOOK_SECRET';
  if (credential) {
    stderr.write(`nothing written: ${credential}\n`);
    return { ...summary, exitCode: 2 };
  }

  const size = options.kind === 'customers' ? options.batchSize : DEAL_BATCH;
  const batches = chunks(result.records, size);
  const path = checkpointPath(options.file);
  const hash = inputHash(bytes, {
    kind: options.kind,
    map: options.map,
    idColumn: options.idColumn ?? null,
    defaults: options.defaults,
    consent: options.consent,
    skipInvalid: options.skipInvalid,
    updateExisting: options.updateExisting,
    size,
  });
  const { done, stale, conflicts: earlier } = loadCheckpoint(path, hash);
  summary.conflicts.push(...earlier);
  if (stale) stdout.write('the file or the options changed since the last run: starting over\n');
  if (done.size > 0)
    stdout.write(`resuming: ${done.size} of ${batches.length} batches were imported by an earlier run\n`);
  summary.resumedBatches = done.size;

  const client = new ApiClient({
    url: options.url,
    apiKey: options.apiKey,
    webhookSecret: options.webhookSecret,
    ...io.client,
    onRetry: (attempt, reason, delay) => stderr.write(`retry ${attempt} in ${delay} ms: ${reason}\n`),
  });
  if (options.kind === 'deals') await client.syncClock();
  const progress = createProgress(stderr, options.kind);
  const doneRecords = batches.filter((_, i) => done.has(i)).reduce((n, b) => n + b.length, 0);
  progress.start(result.records.length, doneRecords);
  // A few batches in flight keep the engine's workers busy between one answer and the next request.
  const queue = batches.map((_, index) => index).filter((index) => !done.has(index));
  let failure: unknown;
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined && failure === undefined; index = queue.shift()) {
      const batch = batches[index]!;
      try {
        const outcome = await (options.kind === 'customers'
          ? sendCustomers(client, batch, mapping, {
              onConflict: options.updateExisting ? 'update' : 'report',
              dryRun: false,
            })
          : sendDeals(client, batch));
        for (const [status, n] of Object.entries(outcome.counts))
          summary.counts[status] = (summary.counts[status] ?? 0) + n;
        summary.rejected.push(...outcome.rejected);
        summary.conflicts.push(...outcome.conflicts);
        done.add(index);
        saveCheckpoint(path, {
          version: 1,
          kind: options.kind,
          inputHash: hash,
          batches: batches.length,
          done: [...done].sort((a, b) => a - b),
          ...(summary.conflicts.length > 0 ? { conflicts: summary.conflicts } : {}),
        });
        progress.advance(batch.length);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, worker));
  if (failure !== undefined) {
    progress.stop();
    stderr.write(`import stopped: ${failure instanceof Error ? failure.message : String(failure)}\n`);
    stderr.write(`${done.size} of ${batches.length} batches are in; run the same command again to resume\n`);
    return { ...summary, exitCode: 1 };
  }
  progress.stop();
  clearCheckpoint(path);
  for (const problem of summary.rejected) stdout.write(`  row ${problem.row}: ${problem.reason}\n`);
  summary.conflicts.sort(byFirstRow);
  printConflicts(stdout, summary.conflicts);
  if (options.reportFile && options.kind === 'customers' && !options.updateExisting) {
    writeReport(options.reportFile, { ...report, conflicts: summary.conflicts });
  }
  const { conflict = 0, ...filed } = summary.counts;
  const counts = [
    ...Object.entries(filed).map(([status, n]) => `${n} ${status}`),
    ...(conflict > 0 ? [`${conflict} not written (conflict)`] : []),
  ].join(', ');
  stdout.write(
    `imported ${options.kind}: ${counts || 'nothing to send'}` +
      `${result.merged > 0 ? `; ${result.merged} rows folded into an earlier row of the same ${options.kind === 'customers' ? 'customer' : 'deal'}` : ''}` +
      `${result.invalidRows > 0 ? `; ${result.invalidRows} bad rows skipped` : ''}\n`,
  );
  stdout.write(conflictNote(summary.conflicts, { dryRun: false, updateExisting: options.updateExisting }));
  return { ...summary, exitCode: summary.rejected.length > 0 ? 1 : 0 };
}
