import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../functions/http/body';
import { WANG } from '../support/customers';
import { API_KEY, startTestEngine, type TestEngine } from '../support/local-engine';
import { type ServedEngine, serveEngine } from '../support/served-engine';

const KB = 1024;
const padded = (bytes: number) => ({ ...WANG, notes: 'x'.repeat(bytes) });

describe('request body limits', () => {
  let engine: TestEngine;
  let served: ServedEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
    served = await serveEngine(engine);
  });
  afterAll(async () => {
    await served.close();
    await engine.dispose();
  });

  const over = async (response: Response, limit: string) => {
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: string };
    expect(body.error).toContain(`over the ${limit} limit`);
  };

  it('refuses a customer over 256 KB with a 413 naming the limit, and files nothing', async () => {
    await over(await engine.call('PUT', '/v1/customers/c-big', padded(BODY_LIMITS.default + KB)), '256 KB');
    expect((await engine.call('GET', '/v1/customers/c-big')).status).toBe(404);
  });

  it('refuses a body whose declared length is over the limit without reading it, over real HTTP', async () => {
    const body = JSON.stringify(padded(300 * KB));
    const response = await fetch(`${served.url}/v1/customers/c-big`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    await over(response, '256 KB');
    expect((await engine.call('GET', '/v1/customers/c-big')).status).toBe(404);
  });

  it('gives the batch 5 MB and template sources 100 KB', async () => {
    const batch = { customers: [{ customerId: 'c-1', ...padded(BODY_LIMITS.batch) }] };
    await over(await engine.call('POST', '/v1/customers/batch', batch), '5 MB');
    // Under the batch limit but over the default: read, then judged on its fields.
    const large = await engine.call('POST', '/v1/customers/batch', {
      customers: [{ customerId: 'c-1', ...padded(400 * KB) }],
    });
    expect(large.status).not.toBe(413);
    const source = '/v1/templates/hello-again/sources/en/email';
    await over(
      await engine.call('PUT', source, {
        subject: 'x',
        body: 'x'.repeat(BODY_LIMITS.template),
        baseVersion: 1,
      }),
      '100 KB',
    );
    expect(
      (await engine.call('PUT', source, { subject: 'x', body: 'x'.repeat(90 * KB), baseVersion: 1 })).status,
    ).not.toBe(413);
  });

  it('bounds the signed webhook before its signature is checked', async () => {
    await over(
      await engine.call('POST', '/v1/webhooks/deals', 'x'.repeat(BODY_LIMITS.default + 1)),
      '256 KB',
    );
  });

  it('gives a raw message/rfc822 email the harness’s 10 MB, and reads one under it', async () => {
    const request = (body: Buffer) =>
      engine.app.request('/_local/inbound/email', {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'message/rfc822' },
        body,
      });
    const head = 'From: someone@elsewhere.example\r\nTo: nobody@elsewhere.example\r\nSubject: big\r\n\r\n';
    await over(await request(Buffer.alloc(BODY_LIMITS.inboundEmail + KB, head)), '10 MB');
    const under = await request(Buffer.concat([Buffer.from(head), Buffer.alloc(6 * KB * KB, 'x')]));
    expect(under.status).toBe(404);
    expect(await under.json()).toEqual({ status: 'unmatched' });
  });
});
