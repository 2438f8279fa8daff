import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, type ConsoleBuild } from '../../functions/console/build';
import { hashApiKey } from '../../functions/http/auth';
import { createApp } from '../../functions/http/create-app';
import { API_KEY, startTestEngine, type TestEngine } from '../support/local-engine';

describe('the console and docs assets: built by npm run build, served with strict headers', () => {
  let engine: TestEngine;
  let built: ConsoleBuild;
  let outDir: string;
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'nurture-assets-'));
    built = await buildConsole(outDir);
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(outDir, { recursive: true, force: true });
  });
  const app = () =>
    createApp(engine.deps, {
      apiKeyHashes: [hashApiKey(API_KEY)],
      webhookSecret: 'whsec_bG9jYWwtbnVydHVyZS13ZWJob29rLXNlY3JldA==',
      newId: () => 'id',
      assetsDir: outDir,
    });

  it('builds index.html, a hashed app.js, its chunks and app.css, and copies the Swagger UI files', () => {
    const scripts = built.scripts.map((s) => s.file);
    expect(readdirSync(join(outDir, 'console')).sort()).toEqual([built.css, ...scripts, 'index.html'].sort());
    expect(built.js).toMatch(/^app-[A-Z0-9]{8}\.js$/);
    for (const file of scripts) expect(file).toMatch(/^[\w-]+-[A-Z0-9]{8}\.js$/);
    expect(readdirSync(join(outDir, 'docs')).sort()).toEqual([
      'openapi.json',
      'swagger-ui-bundle.js',
      'swagger-ui.css',
    ]);
    expect(built.firstLoadJsGzipBytes).toBeLessThan(300 * 1024);
    expect(built.firstLoadJsGzipBytes).toBeLessThan(built.firstLoadJsBytes);
  });

  it('keeps the Import page, its spreadsheet readers and schemas out of the first load', () => {
    const firstLoad = built.scripts.filter((s) => s.firstLoad);
    expect(firstLoad.map((s) => s.file)).toContain(built.js);
    expect(built.firstLoadJsBytes).toBe(firstLoad.reduce((n, s) => n + s.bytes, 0));
    const importPage = built.lazyPages['pages/import.tsx'];
    expect(importPage).toBeDefined();
    expect(importPage!.files.length).toBeGreaterThan(0);
    expect(importPage!.files.some((file) => firstLoad.some((s) => s.file === file))).toBe(false);
    // The readers and the validation messages live only in the page's chunk.
    const text = (file: string) => readFileSync(join(outDir, 'console', file), 'utf8');
    const firstLoadText = firstLoad.map((s) => text(s.file)).join('\n');
    const importText = importPage!.files.map(text).join('\n');
    for (const marker of ['sharedStrings', 'relax_column_count', 'must be an IANA time zone']) {
      expect(importText).toContain(marker);
      expect(firstLoadText).not.toContain(marker);
    }
    // The entry's shared chunks are preloaded, so the first load is not a waterfall.
    const html = text('index.html');
    for (const s of firstLoad.filter((s) => s.file !== built.js))
      expect(html).toContain(`<link rel="modulepreload" href="/console/${s.file}">`);
  });

  it('serves index.html at /console and for any page path, never cached, with the CSP and no inline script', async () => {
    for (const path of ['/console', '/console/', '/console/customers/c-1']) {
      const response = await app().request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await response.text();
      expect(html).toContain(`<script type="module" src="/console/${built.js}"></script>`);
      expect(html).not.toMatch(/<script>(?!<\/script>)/);
      expect(html).not.toContain(API_KEY);
    }
  });

  it('serves the hashed files for a year, the docs files with their types', async () => {
    for (const script of built.scripts) {
      const js = await app().request(`/console/${script.file}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await js.arrayBuffer()).byteLength).toBe(script.bytes);
    }
    const css = await app().request(`/console/${built.css}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const docs = await app().request('/docs/swagger-ui.css');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(docs.headers.get('cache-control')).toBe('public, max-age=3600');
    expect((await app().request('/docs/swagger-ui-bundle.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it('answers 404 for a missing file and for paths outside the asset folders', async () => {
    writeFileSync(join(outDir, 'secret.txt'), 'not for the web');
    for (const path of [
      '/console/missing.js',
      '/console/..%2Fsecret.txt',
      '/docs/..%2Fsecret.txt',
      '/docs/nothing.js',
    ]) {
      const response = await app().request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('not for the web');
    }
  });

  it('serves the default build under <cwd>/dist, which the test run builds first', async () => {
    expect(resolve('dist')).toBe(resolve(import.meta.dirname, '../../dist'));
    expect((await engine.app.request('/console')).status).toBe(200);
  });
});
