import { parseArgs } from 'node:util';
import { NO_CONSENT, parseConsentList, type ValidationOptions } from '../import/options';
import { SHEET_FILE } from '../import/sheet';

/** Everything one `nurture import` run needs, from the command line and the environment. */
export interface ImportOptions extends ValidationOptions {
  file: string;
  url: string;
  apiKey: string | undefined;
  webhookSecret: string | undefined;
  /** `header=field` pairs from `--map`, applied over the built-in header names. */
  map: Record<string, string>;
  dryRun: boolean;
  skipInvalid: boolean;
  /**
   * File a row over the customer on file even when its phone or email is theirs under
   * another name; without it such rows are reported (`onConflict: 'report'`) and not written.
   */
  updateExisting: boolean;
  reportFile: string | undefined;
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
}

export const USAGE = `Usage: nurture import customers|deals <file.csv|file.xlsx> [options]

  --url <url>               the engine's HTTP API (default http://localhost:8787)
  --api-key <key>           API key for customers (or env NURTURE_API_KEY)
  --webhook-secret <whsec>  webhook secret for deals (or env NURTURE_WEBHOOK_SECRET)
  --map "电话=phone,..."     map spreadsheet headers to fields (a field of "ignore" drops the column)
  --id-column <header>      take customer ids from this column instead of deriving them
  --country <CN>            country for rows without one (national phone numbers need it)
  --locale <zh-CN>          locale for rows without one;   --timezone <Asia/Shanghai> likewise
  --currency <CNY>          currency of deal amounts
  --dry-run                 validate and report (customers: asks the engine for conflicts), write nothing
  --skip-invalid            import the valid rows even when some are bad
  --update-existing         also write rows whose phone or email belongs to a customer on file
                            by another name (without it they are reported and not written)
  --report <file.json>      also write the validation report as JSON
  --batch-size <n>          customers per request, 1-500 (default 500)
  --concurrency <n>         batches in flight at once, 1-8 (default 2)
  --consent email,sms|none  marketing consent for rows without a consent column (default none)`;

/** A command line that cannot run: the message says what to fix. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function parseMap(raw: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (raw ?? '').split(/[,，]/)) {
    if (!pair.trim()) continue;
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--map: "${pair}" is not header=field`);
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
}

/**
 * Parses `import <kind> <file> [options]`.
 * @example parseImportArgs(['import', 'customers', 'old.xlsx', '--country', 'CN'], process.env)
 */
export function parseImportArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ImportOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      'webhook-secret': { type: 'string' },
      map: { type: 'string' },
      'id-column': { type: 'string' },
      country: { type: 'string' },
      locale: { type: 'string' },
      timezone: { type: 'string' },
      currency: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      'update-existing': { type: 'boolean', default: false },
      report: { type: 'string' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      consent: { type: 'string' },
    },
  });
  const [command, kind, file, ...rest] = positionals;
  if (command !== 'import') throw new UsageError(`unknown command "${command ?? ''}"`);
  if (kind !== 'customers' && kind !== 'deals') throw new UsageError('import what? customers or deals');
  if (!file) throw new UsageError(`import ${kind}: give the .csv or .xlsx file`);
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (!SHEET_FILE.test(file)) throw new UsageError(`${file}: only .csv and .xlsx files can be imported`);
  const batchSize = Number(values['batch-size'] ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 500) {
    throw new UsageError('--batch-size must be a whole number from 1 to 500');
  }
  const concurrency = Number(values.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) {
    throw new UsageError('--concurrency must be a whole number from 1 to 8');
  }
  let consent = NO_CONSENT;
  try {
    if (values.consent !== undefined) consent = parseConsentList(values.consent);
  } catch (error) {
    throw new UsageError(`--consent: ${(error as Error).message}`);
  }
  const defaults = Object.fromEntries(
    (['country', 'locale', 'timezone', 'currency'] as const)
      .filter((key) => values[key] !== undefined)
      .map((key) => [key, values[key] as string]),
  );
  return {
    kind,
    file,
    url: (values.url ?? env.NURTURE_URL ?? 'http://localhost:8787').replace(/\/+$/, ''),
    apiKey: values['api-key'] ?? env.NURTURE_API_KEY,
    webhookSecret: values['webhook-secret'] ?? env.NURTURE_WEBHOOK_SECRET,
    map: parseMap(values.map),
    idColumn: values['id-column'],
    dryRun: values['dry-run'] ?? false,
    skipInvalid: values['skip-invalid'] ?? false,
    updateExisting: values['update-existing'] ?? false,
    reportFile: values.report,
    defaults,
    consent,
    batchSize,
    concurrency,
  };
}
