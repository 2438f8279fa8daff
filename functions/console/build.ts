import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { OPENAPI_FILE } from '../http/docs-routes';
import { openApiJson } from '../http/openapi';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ConsoleBuild {
  outDir: string;
  /** The hashed file names under `<outDir>/console`. */
  js: string;
  css: string;
  /** What the first page load fetches in JavaScript, raw and gzip-compressed. */
  firstLoadJsBytes: number;
  firstLoadJsGzipBytes: number;
}

/**
 * `npm run build`: the console SPA (functions/console/app) into `<outDir>/console`
 * (index.html, hashed app.js and app.css) and the Swagger UI assets the /docs
 * page loads, with the OpenAPI document, into `<outDir>/docs`.
 * @example const { firstLoadJsGzipBytes } = await buildConsole();
 */
export async function buildConsole(outDir = join(ROOT, 'dist')): Promise<ConsoleBuild> {
  const consoleDir = join(outDir, 'console');
  rmSync(consoleDir, { recursive: true, force: true });
  mkdirSync(consoleDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(import.meta.dirname, 'app/main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: consoleDir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const js = outputs.find((name) => name.endsWith('.js'))!;
  const css = outputs.find((name) => name.endsWith('.css'))!;
  writeFileSync(join(consoleDir, 'index.html'), indexHtml(js, css));

  const docsDir = join(outDir, 'docs');
  mkdirSync(docsDir, { recursive: true });
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    copyFileSync(join(swaggerDir, file), join(docsDir, file));
  }
  // Generated here from the routes' zod schemas rather than in the api function, whose
  // bundle would otherwise carry every operation's description and zod's JSON Schema code.
  writeFileSync(join(docsDir, OPENAPI_FILE), openApiJson());

  const jsBytes = readFileSync(join(consoleDir, js));
  return {
    outDir,
    js,
    css,
    firstLoadJsBytes: jsBytes.length,
    firstLoadJsGzipBytes: gzipSync(jsBytes, { level: 9 }).length,
  };
}

/** The one page: no inline script or style, so the strict CSP holds. */
function indexHtml(js: string, css: string): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nurture console</title>
<link rel="stylesheet" href="/console/${css}">
<script type="module" src="/console/${js}"></script>
</head>
<body><div id="app"></div></body>
</html>
`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildConsole().then(
    (built) =>
      process.stdout.write(
        `console built: dist/console/${built.js} ${(built.firstLoadJsBytes / 1024).toFixed(1)} KB, ` +
          `${(built.firstLoadJsGzipBytes / 1024).toFixed(1)} KB gzip\n`,
      ),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
