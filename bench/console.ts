import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../functions/console/build';
import type { Budget } from './bundles';
import { type PreviewReport, runPreviewBench } from './preview';

export const CONSOLE_BUDGET = {
  /** The limit on the console's first load, JavaScript compressed. */
  consoleFirstLoadJsGzipKb: 300,
} as const;

export interface ConsoleReport {
  js: string;
  firstLoadJsBytes: number;
  firstLoadJsGzipBytes: number;
  /** What each on-demand page (the Import page) fetches beyond the first load. */
  lazyPages: Record<string, { files: string[]; bytes: number; gzipBytes: number }>;
  preview: PreviewReport;
  budgets: Budget[];
}

/**
 * Builds the console into a scratch folder and reports its first-load
 * JavaScript (raw and gzip) and each on-demand page's chunks, then times the editor's live preview.
 */
export async function measureConsole(): Promise<ConsoleReport> {
  const outDir = mkdtempSync(join(tmpdir(), 'nurture-console-bench-'));
  try {
    const built = await buildConsole(outDir);
    const preview = await runPreviewBench(200);
    const gzipKb = built.firstLoadJsGzipBytes / 1024;
    return {
      js: built.js,
      firstLoadJsBytes: built.firstLoadJsBytes,
      firstLoadJsGzipBytes: built.firstLoadJsGzipBytes,
      lazyPages: built.lazyPages,
      preview,
      budgets: [
        {
          name: 'console first-load JS (gzip)',
          actual: `${gzipKb.toFixed(1)} KB`,
          limit: `${CONSOLE_BUDGET.consoleFirstLoadJsGzipKb} KB`,
          pass: gzipKb <= CONSOLE_BUDGET.consoleFirstLoadJsGzipKb,
        },
        ...preview.budgets,
      ],
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The report's lines. */
export function describeConsole(report: ConsoleReport): string[] {
  const { preview } = report;
  return [
    '== Console (npm run build) ==',
    `first load: ${report.js} and its static chunks ${(report.firstLoadJsBytes / 1024).toFixed(1)} KB, ` +
      `${(report.firstLoadJsGzipBytes / 1024).toFixed(1)} KB gzip`,
    ...Object.entries(report.lazyPages).map(
      ([page, p]) =>
        `on demand, ${page}: ${p.files.join(', ')} ${(p.bytes / 1024).toFixed(1)} KB, ` +
        `${(p.gzipBytes / 1024).toFixed(1)} KB gzip (not counted in the first load)`,
    ),
    `template preview (${preview.template}, an unsaved draft, ${preview.calls} calls through the HTTP app): ` +
      `median ${preview.ms.median} ms, p95 ${preview.ms.p95} ms, max ${preview.ms.max} ms; ` +
      `${preview.dynamoRequestsPerPreview} DynamoDB requests each`,
  ];
}
