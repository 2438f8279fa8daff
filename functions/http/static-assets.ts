import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Hono } from 'hono';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The console's and the docs' Content-Security-Policy: scripts and styles only
 * from this origin, no inline scripts. Inline style attributes stay allowed
 * because the template preview's `srcdoc` iframe inherits this policy and
 * email HTML is styled inline; the iframe itself is sandboxed without scripts.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Security headers every console and docs page carries. */
export function setPageSecurityHeaders(c: Context): void {
  c.header('content-security-policy', CONSOLE_CSP);
  c.header('x-frame-options', 'DENY');
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'same-origin');
}

/** The OpenAPI document as `npm run build` writes it (functions/http/openapi.ts) into `<assetsDir>/docs`. */
export const OPENAPI_FILE = 'openapi.json';

/** A built file name carries its content hash (`app-3F2KQ7ZL.js`): it can be cached for good. */
const HASHED = /-[A-Z0-9]{8}\.\w+$/;

/**
 * Serves the built console (`<assetsDir>/console`) at `/console` with an SPA
 * fallback to index.html, `<assetsDir>/docs` at `/docs/*`, and the OpenAPI
 * document built beside the docs at `/openapi.json`. Files are read
 * once and kept: the assets of a deployment never change under it.
 * @example serveConsoleAssets(app, resolve('dist'));
 */
export function serveConsoleAssets(app: Hono, assetsDir: string): void {
  const cache = new Map<string, Promise<Buffer | undefined>>();
  const load = (path: string) => {
    let file = cache.get(path);
    if (!file) {
      file = readFile(path).catch(() => undefined);
      cache.set(path, file);
      // A missing file is looked up again next time (a build may land while the engine runs).
      void file.then((bytes) => bytes ?? cache.delete(path));
    }
    return file;
  };

  /** The file's response, or undefined when there is none (the caller answers 404 or passes on). */
  const send = async (c: Context, root: string, relative: string, fallback?: string) => {
    const base = join(assetsDir, root);
    const path = normalize(join(base, relative));
    if (path !== base && !path.startsWith(base + sep)) return undefined;
    let bytes = relative === '' ? undefined : await load(path);
    let served = path;
    if (!bytes && fallback && extname(relative) === '') {
      served = join(base, fallback);
      bytes = await load(served);
    }
    if (!bytes) return undefined;
    setPageSecurityHeaders(c);
    c.header('content-type', CONTENT_TYPES[extname(served)] ?? 'application/octet-stream');
    c.header(
      'cache-control',
      extname(served) === '.html'
        ? 'no-cache'
        : HASHED.test(served)
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=3600',
    );
    return c.body(new Uint8Array(bytes));
  };
  const missing = (c: Context, what: string) =>
    c.json({ error: `no console file ${what} (build the console with \`npm run build\`)` }, 404);

  app.get('/console', async (c) => (await send(c, 'console', 'index.html')) ?? missing(c, 'index.html'));
  app.get('/console/*', async (c) => {
    const relative = pathBelow(c.req.path, '/console/') || 'index.html';
    return (await send(c, 'console', relative, 'index.html')) ?? missing(c, relative);
  });
  app.get(
    '/openapi.json',
    async (c) =>
      (await send(c, 'docs', OPENAPI_FILE)) ??
      c.json({ error: 'the OpenAPI document is not built: run npm run build' }, 404),
  );
  // Passes on when there is no such file: /docs/init.js and the like are served by routes.
  app.get('/docs/*', async (c, next) => {
    const response = await send(c, 'docs', pathBelow(c.req.path, '/docs/'));
    if (response) return response;
    await next();
  });
}

function pathBelow(path: string, prefix: string): string {
  try {
    return decodeURIComponent(path.slice(prefix.length));
  } catch {
    return '';
  }
}
