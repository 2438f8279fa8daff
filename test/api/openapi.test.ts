import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOperation } from '../../functions/http/api-operation';
import { apiOperations } from '../../functions/http/openapi';
import { startTestEngine, type TestEngine } from '../support/local-engine';

type Document = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security: unknown[]; requestBody?: unknown; parameters: { name: string; in: string }[] }>
  >;
  components: {
    securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
  };
};

function operation(method: ApiOperation['method'], path: string): ApiOperation {
  const found = apiOperations().find((o) => o.method === method && o.path === path);
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
}

describe('the OpenAPI document and the docs page', () => {
  let engine: TestEngine;
  let doc: Document;

  beforeAll(async () => {
    engine = await startTestEngine();
    const response = await engine.app.request('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    doc = (await response.json()) as Document;
  });
  afterAll(() => engine.dispose());

  it('is OpenAPI 3.1, public, with the three ways to authenticate', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      consoleSession: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'nurture_session' }),
      webhookSignature: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'webhook-signature' }),
    });
    expect(doc.paths['/v1/customers/{customerId}']?.put?.security).toEqual([
      { apiKey: [] },
      { consoleSession: [] },
    ]);
    expect(doc.paths['/v1/webhooks/deals']?.post?.security).toEqual([{ webhookSignature: [] }]);
    expect(doc.paths['/v1/webhooks/deals']?.post?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'header:webhook-id',
      'header:webhook-timestamp',
      'header:webhook-signature',
    ]);
    expect(doc.paths['/health']?.get?.security).toEqual([]);
  });

  it('documents every /v1 route the app serves, and nothing it does not serve', () => {
    const served = engine.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/v1/') || r.path.startsWith('/u/')))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThan(15);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => /^\w+ \/(v1|u)\//.test(route) && !served.includes(route))).toEqual(
      [],
    );
  });

  it('request bodies are the input side of the schemas the routes parse with', () => {
    const put = doc.paths['/v1/customers/{customerId}']?.put?.requestBody as {
      content: {
        'application/json': {
          schema: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
        };
      };
    };
    const schema = put.content['application/json'].schema;
    expect(schema.required).toEqual(['name']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'email', 'phone', 'birthday', 'tags']),
    );
  });

  it('the documented schemas reject what the routes reject, and accept what they accept', async () => {
    const samples: { op: ApiOperation; path: string; bad: unknown; good: unknown; created: number }[] = [
      {
        op: operation('put', '/v1/customers/{customerId}'),
        path: '/v1/customers/c-doc',
        bad: { name: 'Ann', email: 'not-an-address' },
        good: { name: 'Ann', email: 'ann@example.com' },
        created: 201,
      },
      {
        op: operation('post', '/v1/customers/{customerId}/messages'),
        path: '/v1/customers/c-doc/messages',
        bad: { template: 'hello-again', channel: 'fax' },
        good: { template: 'hello-again', channel: 'email' },
        created: 201,
      },
      {
        op: operation('post', '/v1/segments'),
        path: '/v1/segments',
        bad: { id: 'seg-doc', name: 'Doc', filter: { country: ['CN'] }, colour: 'red' },
        good: { id: 'seg-doc', name: 'Doc', filter: { country: ['CN'] } },
        created: 201,
      },
      {
        op: operation('post', '/v1/templates/{id}/preview'),
        path: '/v1/templates/hello-again/preview',
        bad: { customerId: 'c-doc' },
        good: { customerId: 'c-doc', channel: 'email' },
        created: 200,
      },
    ];
    for (const { op, path, bad, good, created } of samples) {
      expect(op.body?.safeParse(bad).success, `${path} schema, bad`).toBe(false);
      const rejected = await engine.call(op.method.toUpperCase(), path, bad);
      expect(rejected.status, `${path} route, bad`).toBe(400);
      expect(((await rejected.json()) as { error: string }).error).toMatch(/^invalid /);
      expect(op.body?.safeParse(good).success, `${path} schema, good`).toBe(true);
      expect((await engine.call(op.method.toUpperCase(), path, good)).status, `${path} route, good`).toBe(
        created,
      );
    }
    const deals = operation('post', '/v1/webhooks/deals');
    const badDeal = { dealId: 'd-doc', customerId: 'c-doc', stage: 'paid' };
    expect(deals.body?.safeParse(badDeal).success).toBe(false);
    expect((await engine.webhook(badDeal)).status).toBe(400);
    const goodDeal = { dealId: 'd-doc', customerId: 'c-doc', stage: 'ordered', amount: 100 };
    expect(deals.body?.safeParse(goodDeal).success).toBe(true);
    expect((await engine.webhook(goodDeal)).status).toBe(202);

    const list = operation('get', '/v1/campaigns');
    expect(list.query?.safeParse({ limit: '500' }).success).toBe(false);
    expect((await engine.call('GET', '/v1/campaigns?limit=500')).status).toBe(400);
  });

  it('/docs loads Swagger UI from this origin only, under a strict CSP', async () => {
    const page = await engine.app.request('/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    for (const asset of ['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/init.js']) {
      expect(html).toContain(`"${asset}"`);
    }
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const init = await engine.app.request('/docs/init.js');
    expect(init.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await init.text()).toContain("SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' })");
  });
});
