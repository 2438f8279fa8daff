import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

/** The OpenAPI document as `npm run build` writes it (functions/http/openapi.ts) into `<assetsDir>/docs`. */
export const OPENAPI_FILE = 'openapi.json';

/** Only the page's own origin: the page loads Swagger UI's files and init.js from this server, nothing inline. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nurture engine API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT_SCRIPT = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' });\n";

/**
 * `/openapi.json`, `/docs` and `/docs/init.js`: the API's description, public like the API's shape itself.
 * @example app.route('/', docsRoutes('dist'));
 */
export function docsRoutes(assetsDir: string): Hono {
  const app = new Hono();
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    try {
      document ??= readFileSync(join(assetsDir, 'docs', OPENAPI_FILE), 'utf8');
    } catch {
      return c.json({ error: 'the OpenAPI document is not built: run npm run build' }, 404);
    }
    return c.body(document, 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
    });
  });
  app.get('/docs', (c) =>
    c.html(DOCS_PAGE, 200, { 'content-security-policy': DOCS_CSP, 'x-content-type-options': 'nosniff' }),
  );
  app.get('/docs/init.js', (c) =>
    c.body(INIT_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    }),
  );
  return app;
}
