import { Hono } from 'hono';

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
 * `/docs` and `/docs/init.js`: the API's browsable reference, public like the API's shape itself
 * (the document it shows, `/openapi.json`, is a built file served with the console's).
 * @example app.route('/', docsRoutes());
 */
export function docsRoutes(): Hono {
  const app = new Hono();
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
