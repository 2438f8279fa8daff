import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { openApiJson } from '../http/openapi';
import { OPENAPI_FILE } from '../http/static-assets';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ConsoleBuild {
  outDir: string;
  /** The hashed file names under `<outDir>/console`. */
  js: string;
  css: string;
  /** What the first page load fetches in JavaScript, raw and gzip-compressed. */
  firstLoadJsBytes: number;
  firstLoadJsGzipBytes: number;
  /** Every script file, and whether the first page load fetches it. */
  scripts: { file: string; bytes: number; gzipBytes: number; firstLoad: boolean }[];
  /** What each lazily loaded page (`pages/import.tsx`) fetches beyond the first load. */
  lazyPages: Record<string, { files: string[]; bytes: number; gzipBytes: number }>;
}

interface Output {
  entryPoint?: string;
  imports: { path: string; kind: string }[];
}

/** A script and the scripts it imports statically: what the browser fetches before running it. */
function staticClosure(outputs: Record<string, Output>, start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && imported.path.endsWith('.js')) visit(imported.path);
    }
  };
  visit(start);
  return seen;
}

/**
 * `npm run build`: the console SPA (functions/console/app) into `<outDir>/console`
 * (index.html, hashed app.js, its on-demand page chunks and app.css) and the Swagger UI assets the /docs
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
    chunkNames: '[name]-[hash]',
    // Pages behind a dynamic import() (the Import page's spreadsheet readers) load when opened.
    splitting: true,
    // csv-parse's Node build leans on Buffer; its browser build carries what it needs.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    // The import preview validates phone numbers: a browser has no metadata file to read.
    plugins: [
      {
        name: 'phone-metadata-inline',
        setup: (b) =>
          b.onResolve({ filter: /\/phone-metadata-file$/ }, () => ({
            path: join(ROOT, 'functions/core/customers/phone-metadata-inline.ts'),
          })),
      },
    ],
    outdir: consoleDir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs as Record<string, Output>;
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint?.endsWith('app/main.tsx'))!;
  const js = basename(entry);
  const css = basename(Object.keys(outputs).find((path) => path.endsWith('.css'))!);
  const firstLoad = staticClosure(outputs, entry);
  const scripts = Object.keys(outputs)
    .filter((path) => path.endsWith('.js'))
    .map((path) => {
      const bytes = readFileSync(join(consoleDir, basename(path)));
      return {
        path,
        file: basename(path),
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
        firstLoad: firstLoad.has(path),
      };
    });
  const sum = (paths: Set<string>, key: 'bytes' | 'gzipBytes') =>
    scripts.filter((s) => paths.has(s.path)).reduce((n, s) => n + s[key], 0);
  const lazyPages: ConsoleBuild['lazyPages'] = {};
  for (const [path, output] of Object.entries(outputs)) {
    const page = output.entryPoint?.match(/app\/(pages\/[\w-]+\.tsx)$/)?.[1];
    if (!page) continue;
    const files = new Set([...staticClosure(outputs, path)].filter((p) => !firstLoad.has(p)));
    lazyPages[page] = {
      files: [...files].map((p) => basename(p)),
      bytes: sum(files, 'bytes'),
      gzipBytes: sum(files, 'gzipBytes'),
    };
  }
  const preloads = scripts.filter((s) => s.firstLoad && s.file !== js).map((s) => s.file);
  writeFileSync(join(consoleDir, 'index.html'), indexHtml(js, css, preloads));

  const docsDir = join(outDir, 'docs');
  mkdirSync(docsDir, { recursive: true });
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    copyFileSync(join(swaggerDir, file), join(docsDir, file));
  }
  // Generated here from the routes' zod schemas rather than in the api function, whose
  // bundle would otherwise carry every operation's description and zod's JSON Schema code.
  writeFileSync(join(docsDir, OPENAPI_FILE), openApiJson());

  return {
    outDir,
    js,
    css,
    firstLoadJsBytes: sum(firstLoad, 'bytes'),
    firstLoadJsGzipBytes: sum(firstLoad, 'gzipBytes'),
    scripts: scripts.map(({ path: _, ...script }) => script),
    lazyPages,
  };
}

/** The one page: no inline script or style, so the strict CSP holds. */
function indexHtml(js: string, css: string, preloads: string[]): string {
  // The entry's shared chunks are fetched alongside it rather than after it has been parsed.
  const links = preloads.map((file) => `<link rel="modulepreload" href="/console/${file}">\n`).join('');
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nurture console</title>
<link rel="stylesheet" href="/console/${css}">
${links}<script type="module" src="/console/${js}"></script>
</head>
<body><div id="app"></div></body>
</html>
`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildConsole().then(
    (built) =>
      process.stdout.write(
        `console built: dist/console/${built.js}, first load ${(built.firstLoadJsBytes / 1024).toFixed(1)} KB, ` +
          `${(built.firstLoadJsGzipBytes / 1024).toFixed(1)} KB gzip` +
          Object.entries(built.lazyPages)
            .map(([page, p]) => `; ${page} on demand ${(p.gzipBytes / 1024).toFixed(1)} KB gzip`)
            .join('') +
          '\n',
      ),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
