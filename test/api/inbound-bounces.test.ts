import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';

// Real DSNs from sisimai's corpus (../shared/corpora/sisimai, BSD-2-Clause), read in place.
const BSD = join(import.meta.dirname, '../../../shared/corpora/sisimai/bsd');
const dsn = (file: string) => readFileSync(join(BSD, file), 'latin1');

/** The same report as another one of its kind: only the report's own Message-Id differs. */
const another = (raw: string, n: number) =>
  raw.replace(/^Message-Id: <[^>]+>/im, `Message-Id: <dsn-${n}@mta.example>`);

async function post(engine: TestEngine, raw: string) {
  const response = await engine.call('POST', '/_local/inbound/email', raw, {
    'content-type': 'message/rfc822',
  });
  return (await response.json()) as { status: string; kind?: string };
}

describe('transient bounces arriving as mail', () => {
  let engine: TestEngine;
  beforeEach(async () => {
    engine = await startTestEngine();
  });
  afterEach(async () => {
    await engine.dispose();
  });

  it('count towards the soft-bounce limit once per report: the third lists the address', async () => {
    // Postfix giving up after retries: "Action: failed", "Status: 4.4.1".
    await engine.call('PUT', '/v1/customers/c-kiji', {
      name: 'Kijitora',
      email: 'kijitora@bukkoji.example.org',
    });
    const raw = dsn('lhost-postfix-15.eml');
    expect(await post(engine, another(raw, 1))).toMatchObject({ status: 'recorded', kind: 'bounce' });
    expect(await post(engine, another(raw, 2))).toMatchObject({ status: 'recorded', kind: 'bounce' });
    expect(await post(engine, another(raw, 2))).toMatchObject({ status: 'duplicate' });
    expect(await engine.deps.store.suppressions.get('kijitora@bukkoji.example.org')).toBeUndefined();
    await post(engine, another(raw, 3));
    expect(await engine.deps.store.suppressions.get('kijitora@bukkoji.example.org')).toMatchObject({
      reason: 'soft-bounce-repeated',
    });
  });

  it('do not count a warning that delivery is only delayed', async () => {
    // Sendmail's "Action: delayed", "Status: 4.5.0": it is still trying.
    await engine.call('PUT', '/v1/customers/c-nyaan', { name: 'Nyaan', email: 'nyaan@example.jp' });
    const raw = dsn('lhost-sendmail-55.eml');
    for (const n of [1, 2, 3, 4]) {
      expect(await post(engine, another(raw, n))).toMatchObject({ status: 'recorded', kind: 'bounce' });
    }
    expect(await engine.deps.store.suppressions.get('nyaan@example.jp')).toBeUndefined();
  });
});
