import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { parseImportArgs } from '../functions/cli/args';
import { runImport } from '../functions/cli/import-runner';
import { LOCAL_DEFAULTS } from '../functions/wiring/config';
import { startTestEngine } from '../test/support/local-engine';
import { DynamoMeter, tally } from './dynamo-meter';

export interface ImportReport {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Validation of the whole sheet before the first request. */
  validateSeconds: number;
  counts: Record<string, number>;
  /** DynamoDB requests per imported customer that would reach DynamoDB on AWS, and by command. */
  requestsPerCustomer: number;
  byCommand: Record<string, number>;
}

/** The budget: issue 19's "≤ 2 DynamoDB requests per customer". */
export const IMPORT_BUDGET = { maxRequestsPerCustomer: 2 } as const;

const CITIES = ['杭州', '宁波', '温州', '上海', '苏州', '南京', '广州', '深圳'];

/** A customer sheet in seed 001's shape, Chinese headers, one purchase a row. */
function customerSheet(rows: number): string {
  const lines = ['时间,姓名,联系电话,邮箱,购买品种,价格,备注,城市,生日,标签'];
  for (let i = 0; i < rows; i++) {
    const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `2026-${month}-${day},客户${i},${phone},c${i}@example.com,餐椅,${1000 + (i % 50) * 100},,${CITIES[i % CITIES.length]},1980-${month}-${day},老客户`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `nurture import customers` of `rows` customers over HTTP into the local engine
 * (dynalite in memory, the same app `npm start` serves): rows per second end to end.
 */
export async function measureImport(rows = 10_000): Promise<ImportReport> {
  const engine = await startTestEngine({ start: '2027-02-06T02:00:00Z', log: () => {} });
  const meter = new DynamoMeter(engine.dynamo);
  const server = serve({ fetch: engine.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    const file = join(engine.dataDir, 'customers.csv');
    writeFileSync(file, customerSheet(rows));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const options = parseImportArgs(
      [
        'import',
        'customers',
        file,
        '--url',
        url,
        '--country',
        'CN',
        '--locale',
        'zh-CN',
        '--timezone',
        'Asia/Shanghai',
      ],
      { NURTURE_API_KEY: LOCAL_DEFAULTS.apiKey },
    );
    const quiet = { write: () => true };
    const dry = performance.now();
    // Without a key the dry run asks the engine nothing: the sheet's own validation alone.
    await runImport({ ...options, dryRun: true, apiKey: undefined }, { stdout: quiet, stderr: quiet });
    const validateSeconds = (performance.now() - dry) / 1000;
    const started = performance.now();
    const summary = await meter.phase('import', () => runImport(options, { stdout: quiet, stderr: quiet }));
    const seconds = (performance.now() - started) / 1000;
    if (summary.exitCode !== 0) throw new Error(`import failed with exit code ${summary.exitCode}`);
    const requests = tally(meter.inPhases('import'));
    const byCommand = Object.fromEntries(
      Object.entries(requests.byCommand).map(([command, n]) => [command, n.engine / rows]),
    );
    return {
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      validateSeconds,
      counts: summary.counts,
      requestsPerCustomer: requests.engine / rows,
      byCommand,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await engine.dispose();
  }
}

/** The bench's lines for the report. */
export function describeImport(report: ImportReport): string[] {
  return [
    '== Customer import (nurture import customers, CSV over HTTP into the local engine) ==',
    `${report.rows} rows in ${report.seconds.toFixed(1)} s: ${Math.round(report.rowsPerSecond)} rows/s ` +
      `(validation alone ${report.validateSeconds.toFixed(2)} s; ${Object.entries(report.counts)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')})`,
    `DynamoDB requests per customer: ${report.requestsPerCustomer.toFixed(2)} (${Object.entries(
      report.byCommand,
    )
      .map(([command, n]) => `${command} ${n.toFixed(2)}`)
      .join(', ')}); budget <= ${IMPORT_BUDGET.maxRequestsPerCustomer}: ${
      report.requestsPerCustomer <= IMPORT_BUDGET.maxRequestsPerCustomer ? 'PASS' : 'FAIL'
    }`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 10_000);
  console.log(describeImport(await measureImport(rows)).join('\n'));
}
