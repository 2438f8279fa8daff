import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplateFile } from '../functions/core/content/render';
import { startTestEngine } from '../test/support/local-engine';
import { TEMPLATES_DIR } from './bundles';
import { DynamoMeter, tally } from './dynamo-meter';

/** The budget: a preview refresh of a typical template. */
export const PREVIEW_BUDGET = { maxMedianMs: 100 } as const;

export interface PreviewReport {
  template: string;
  calls: number;
  /** Wall time of one `POST /v1/templates/{id}/preview` with a draft, through `app.request`. */
  ms: { median: number; p95: number; max: number };
  /** DynamoDB requests per preview: the customer's GetItem, nothing else. */
  dynamoRequestsPerPreview: number;
  budgets: { name: string; actual: string; limit: string; pass: boolean }[];
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * The editor's live preview, measured: the monthly letter (the longest
 * template, Chinese, email) rendered `calls` times as an unsaved draft for a
 * filed customer, each draft a little different, as a marketer typing sends it.
 */
export async function runPreviewBench(calls = 200): Promise<PreviewReport> {
  const engine = await startTestEngine({ start: '2027-03-16T02:00:00Z', log: () => {} });
  try {
    const sample = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'sample-customer.json'), 'utf8')) as object;
    await engine.callOk('PUT', '/v1/customers/C-1024', sample);
    const file = readFileSync(join(TEMPLATES_DIR, 'messages/monthly-letter/zh-CN.email.liquid'), 'utf8');
    const { attributes, body } = parseTemplateFile(file);
    const preview = (i: number) =>
      engine.callOk('POST', '/v1/templates/monthly-letter/preview', {
        customerId: 'C-1024',
        channel: 'email',
        draft: { subject: attributes.subject, body: `${body}\n<p>${i}</p>` },
      });
    for (let i = 0; i < 10; i++) await preview(-i);
    const meter = new DynamoMeter(engine.dynamo);
    const times: number[] = [];
    await meter.phase('preview', async () => {
      for (let i = 0; i < calls; i++) {
        const started = performance.now();
        await preview(i);
        times.push(performance.now() - started);
      }
    });
    times.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    const median = round(percentile(times, 0.5));
    return {
      template: 'monthly-letter (zh-CN, email)',
      calls,
      ms: { median, p95: round(percentile(times, 0.95)), max: round(times.at(-1) ?? 0) },
      dynamoRequestsPerPreview: round(tally(meter.inPhases('preview')).engine / calls),
      budgets: [
        {
          name: 'preview refresh (median)',
          actual: `${median} ms`,
          limit: `${PREVIEW_BUDGET.maxMedianMs} ms`,
          pass: median <= PREVIEW_BUDGET.maxMedianMs,
        },
      ],
    };
  } finally {
    await engine.dispose();
  }
}
