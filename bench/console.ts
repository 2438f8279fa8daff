import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../functions/console/build';
import { startTestEngine } from '../test/support/local-engine';
import type { Budget } from './bundles';

export const CONSOLE_BUDGET = {
  /** The limit on the console's first load, JavaScript compressed. */
  consoleFirstLoadJsGzipKb: 300,
  /** A preview refresh of a typical template, as the editor asks for it on each pause in typing. */
  previewRefreshMs: 100,
};

export interface ConsoleReport {
  js: string;
  firstLoadJsBytes: number;
  firstLoadJsGzipBytes: number;
  preview: { runs: number; draft: boolean; medianMs: number; p95Ms: number };
  budgets: Budget[];
}

const PREVIEW_RUNS = 50;

/**
 * Builds the console into a scratch folder and reports the first-load JavaScript
 * (raw and gzip), then times the template preview the editor calls: the
 * `hello-again` email for a filed customer through the local engine's HTTP app,
 * with an unsaved draft when the engine takes one.
 */
export async function measureConsole(): Promise<ConsoleReport> {
  const outDir = mkdtempSync(join(tmpdir(), 'nurture-console-bench-'));
  const engine = await startTestEngine();
  try {
    const built = await buildConsole(outDir);
    await engine.call('PUT', '/v1/customers/c-bench', {
      name: 'Emma Clark',
      email: 'emma@example.com',
      country: 'GB',
      timezone: 'Europe/London',
    });
    const body = (draft: boolean) => ({
      channel: 'email',
      customerId: 'c-bench',
      ...(draft
        ? { draft: { subject: 'Hello {{ customer.name }}', body: '<p>Dear {{ customer.name }}</p>' } }
        : {}),
    });
    const draft = (await engine.call('POST', '/v1/templates/hello-again/preview', body(true))).status === 200;
    const times: number[] = [];
    for (let i = 0; i < PREVIEW_RUNS; i++) {
      const started = performance.now();
      const response = await engine.call('POST', '/v1/templates/hello-again/preview', body(draft));
      await response.text();
      if (response.status !== 200) throw new Error(`preview answered ${response.status}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    const p95Ms = times[Math.floor(times.length * 0.95)]!;
    const gzipKb = built.firstLoadJsGzipBytes / 1024;
    return {
      js: built.js,
      firstLoadJsBytes: built.firstLoadJsBytes,
      firstLoadJsGzipBytes: built.firstLoadJsGzipBytes,
      preview: { runs: PREVIEW_RUNS, draft, medianMs, p95Ms },
      budgets: [
        {
          name: 'console first-load JS (gzip)',
          actual: `${gzipKb.toFixed(1)} KB`,
          limit: `${CONSOLE_BUDGET.consoleFirstLoadJsGzipKb} KB`,
          pass: gzipKb <= CONSOLE_BUDGET.consoleFirstLoadJsGzipKb,
        },
        {
          name: 'template preview refresh (p95)',
          actual: `${p95Ms.toFixed(1)} ms`,
          limit: `${CONSOLE_BUDGET.previewRefreshMs} ms`,
          pass: p95Ms <= CONSOLE_BUDGET.previewRefreshMs,
        },
      ],
    };
  } finally {
    await engine.dispose();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The report's lines. */
export function describeConsole(report: ConsoleReport): string[] {
  return [
    '== Console (npm run build) ==',
    `first load: ${report.js} ${(report.firstLoadJsBytes / 1024).toFixed(1)} KB, ` +
      `${(report.firstLoadJsGzipBytes / 1024).toFixed(1)} KB gzip`,
    `template preview (hello-again email, ${report.preview.draft ? 'with a draft' : 'saved source'}, ${report.preview.runs} runs): ` +
      `median ${report.preview.medianMs.toFixed(1)} ms, p95 ${report.preview.p95Ms.toFixed(1)} ms`,
  ];
}
