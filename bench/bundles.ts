import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { PHONE_METADATA_FILE } from '../functions/core/customers/phone-metadata-file';
import { LAMBDA_BUILD_OPTIONS, outputsLoadedAtStart } from '../infra/lambda-bundling';

const run = promisify(execFile);

export const ROOT = resolve(import.meta.dirname, '..');
export const OUT_DIR = join(ROOT, 'bench/out');
export const TEMPLATES_DIR = join(ROOT, 'templates');
const HANDLERS_DIR = join(ROOT, 'functions/handlers');

export const IMPORT_RUNS = 15;
export const BUDGET = { maxImportRatio: 1.3, maxApiKb: 800, maxInboundEmailKb: 1024 } as const;

export interface BundleSize {
  /** `index.mjs`, which a cold start imports with the chunks it imports statically. */
  file: string;
  /** What a cold start loads: the entry and its static chunks. */
  bytes: number;
  gzipBytes: number;
  /** Chunks reached only through a dynamic `import()` (Liquid, the S3 client), loaded on first use. */
  lazyBytes: number;
}

export interface InputSize {
  path: string;
  bytes: number;
}

export interface HandlerBundles {
  name: string;
  entry: string;
  real: BundleSize;
  /** `files` node_modules inputs of `packages` packages; `dropped` were read but tree-shaken away, so left out. */
  reference: BundleSize & { packages: number; files: number; dropped: number };
  /** Median milliseconds to `import()` the bundle in a fresh node process. */
  importMs: { real: number; reference: number; ratio: number; runs: number };
  /**
   * The same imports' median CPU milliseconds (user + system, every thread): on a shared
   * machine, waiting for a core stretches the wall time of either side, not this.
   */
  importCpuMs: { real: number; reference: number; ratio: number };
  topInputs: InputSize[];
  topPackages: InputSize[];
}

export interface Budget {
  name: string;
  actual: string;
  limit: string;
  pass: boolean;
}

export interface BundleReport {
  node: string;
  handlers: HandlerBundles[];
  budgets: Budget[];
}

/** Every `functions/handlers/*.ts`, so a new handler is benchmarked without touching the bench. */
export function discoverHandlers(): { name: string; entry: string }[] {
  return readdirSync(HANDLERS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
    .sort()
    .map((file) => ({ name: basename(file, '.ts'), entry: join(HANDLERS_DIR, file) }));
}

/** The environment `awsSchema` in functions/wiring/config.ts asks for, with harmless values. */
export function awsEnvironment(): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    NURTURE_WEBHOOK_SECRET: `whsec_${Buffer.from('bench-webhook-secret').toString('base64')}`,
    NURTURE_SIGNING_KEY: 'bench-signing-key-0123456789',
    NURTURE_API_KEY_SHA256: createHash('sha256').update('bench-api-key').digest('hex'),
    NURTURE_PUBLIC_URL: 'https://nurture.example.com',
    NURTURE_SCHEDULE_GROUP: 'nurture-bench',
    NURTURE_FIRE_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:nurture-fire',
    NURTURE_SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/nurture-scheduler',
    NURTURE_SEND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/nurture-send',
    NURTURE_WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/nurture-webhooks',
    NURTURE_INBOUND_MAIL_BUCKET: 'nurture-inbound-mail',
    NURTURE_ADMIN_EMAIL: 'admin@nurture.example.com',
    NURTURE_TEMPLATES_DIR: TEMPLATES_DIR,
  };
}

/** Builds as NurtureFunction does (infra/lambda-bundling.ts) into `outdir`. */
async function bundle(entry: string, outdir: string): Promise<{ size: BundleSize; metafile: Metafile }> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({ ...LAMBDA_BUILD_OPTIONS, absWorkingDir: ROOT, entryPoints: [entry], outdir });
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const bytesOf = (files: string[]) => files.reduce((sum, file) => sum + statSync(join(ROOT, file)).size, 0);
  const cold = outputsLoadedAtStart(result.metafile);
  const lazy = Object.keys(result.metafile.outputs).filter(
    (file) => file.endsWith('.mjs') && !cold.includes(file),
  );
  const code = Buffer.concat(cold.map((file) => readFileSync(join(ROOT, file))));
  return {
    size: {
      file: relative(ROOT, join(outdir, 'index.mjs')),
      bytes: bytesOf(cold),
      gzipBytes: gzipSync(code).length,
      lazyBytes: bytesOf(lazy),
    },
    metafile: result.metafile,
  };
}

/** `node_modules/@scope/name/…` -> `@scope/name`; undefined for the project's own files. */
function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The inputs of what a cold start loads, with the bytes each contributes to it (after minification). */
function outputInputs(metafile: Metafile): InputSize[] {
  const totals = new Map<string, number>();
  for (const file of outputsLoadedAtStart(metafile)) {
    for (const [path, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {}))
      totals.set(path, (totals.get(path) ?? 0) + bytesInOutput);
  }
  return [...totals].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function byPackage(inputs: InputSize[]): InputSize[] {
  const totals = new Map<string, number>();
  for (const { path, bytes } of inputs) {
    const name = packageOf(path) ?? '(project)';
    totals.set(name, (totals.get(name) ?? 0) + bytes);
  }
  return [...totals].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * The AWS SDK and what it brings with it: the floor of any handler's cold
 * start, since every handler talks to AWS. Everything else (zod, Liquid, the
 * phone metadata, the MIME parser, our own code) is what the ratio weighs.
 */
const SDK_PACKAGE = /^(@aws-sdk|@smithy|@aws-crypto|@aws)\/|^(tslib|fast-xml-parser|strnum|bowser|uuid)$/;

/**
 * The entry of "a bundle holding only the same AWS SDK with an empty
 * handler": every SDK file the real bundle used, imported as a namespace and
 * kept alive so esbuild cannot drop it.
 */
function referenceEntry(metafile: Metafile): {
  source: string;
  packages: number;
  files: number;
  dropped: number;
} {
  const read = Object.keys(metafile.inputs).filter(
    (path) => SDK_PACKAGE.test(packageOf(path) ?? '') && !path.includes(':'),
  );
  // "Used" means the file put code into the bundle: esbuild also lists inputs it
  // read and then tree-shook away entirely (zod's locales, bowser), and a
  // namespace import of those would pull in code the real bundle never had.
  const used = new Set(
    outputInputs(metafile)
      .filter(({ bytes }) => bytes > 0)
      .map(({ path }) => path),
  );
  const files = read.filter((path) => used.has(path));
  const packages = new Set(files.map(packageOf));
  const imports = files.map((path, i) => `import * as m${i} from ${JSON.stringify(resolve(ROOT, path))};`);
  const source = [
    ...imports,
    `globalThis.__keep = [${files.map((_, i) => `m${i}`).join(', ')}];`,
    'export const handler = async () => ({});',
    '',
  ].join('\n');
  return { source, packages: packages.size, files: files.length, dropped: read.length - files.length };
}

/** Wall and CPU milliseconds for one fresh `node` process to import `file`. */
async function importOnce(file: string, env: Record<string, string>): Promise<{ wall: number; cpu: number }> {
  const script = [
    "import { pathToFileURL } from 'node:url';",
    'const cpu = process.cpuUsage();',
    'const t = performance.now();',
    `await import(pathToFileURL(${JSON.stringify(file)}).href);`,
    'const used = process.cpuUsage(cpu);',
    'console.log(performance.now() - t, (used.user + used.system) / 1000);',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: ROOT });
  const [wall, cpu] = (stdout.trim().split('\n').at(-1) ?? '').split(' ').map(Number.parseFloat);
  if (!Number.isFinite(wall) || !Number.isFinite(cpu))
    throw new Error(`import of ${file} printed no time: ${stdout}`);
  return { wall: wall!, cpu: cpu! };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs real and reference alternately so drift in machine load hits both alike; the first pair warms the disk cache. */
async function importTimes(
  real: string,
  reference: string,
  runs: number,
): Promise<Pick<HandlerBundles, 'importMs' | 'importCpuMs'>> {
  // A clean environment: no NODE_OPTIONS or loader hooks inherited from tsx.
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...awsEnvironment(),
  };
  const realMs: { wall: number; cpu: number }[] = [];
  const referenceMs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await importOnce(real, env);
    const ref = await importOnce(reference, env);
    if (i === 0) continue;
    realMs.push(r);
    referenceMs.push(ref);
  }
  const medians = (key: 'wall' | 'cpu') => {
    const pair = {
      real: median(realMs.map((t) => t[key])),
      reference: median(referenceMs.map((t) => t[key])),
    };
    return { ...pair, ratio: pair.real / pair.reference };
  };
  return { importMs: { ...medians('wall'), runs: realMs.length }, importCpuMs: medians('cpu') };
}

async function measureHandler(name: string, entry: string): Promise<HandlerBundles> {
  const realDir = join(OUT_DIR, name);
  const referenceDir = join(OUT_DIR, `${name}.reference`);
  mkdirSync(realDir, { recursive: true });
  mkdirSync(referenceDir, { recursive: true });

  const real = await bundle(entry, realDir);
  // As NurtureFunction's afterBundling does: the phone metadata ships beside the code.
  copyFileSync(PHONE_METADATA_FILE, join(realDir, 'phone-metadata.json'));
  const ref = referenceEntry(real.metafile);
  const referenceEntryFile = join(referenceDir, 'entry.mjs');
  writeFileSync(referenceEntryFile, ref.source);
  const reference = await bundle(referenceEntryFile, join(referenceDir, 'out'));

  const inputs = outputInputs(real.metafile);
  return {
    name,
    entry: relative(ROOT, entry),
    real: real.size,
    reference: { ...reference.size, packages: ref.packages, files: ref.files, dropped: ref.dropped },
    ...(await importTimes(join(ROOT, real.size.file), join(ROOT, reference.size.file), IMPORT_RUNS)),
    topInputs: inputs.slice(0, 10),
    topPackages: byPackage(inputs).slice(0, 10),
  };
}

export const kb = (bytes: number): number => bytes / 1024;

export async function measureBundles(): Promise<BundleReport> {
  const handlers: HandlerBundles[] = [];
  // BENCH_HANDLERS=api,fire measures only those, for working on one handler's start.
  const only = process.env.BENCH_HANDLERS?.split(',');
  for (const { name, entry } of discoverHandlers()) {
    if (!only || only.includes(name)) handlers.push(await measureHandler(name, entry));
  }
  const budgets: Budget[] = handlers.map(({ name, importMs, importCpuMs }) => ({
    name: `${name}: cold import real/reference`,
    actual: `${importMs.ratio.toFixed(2)} (cpu ${importCpuMs.ratio.toFixed(2)})`,
    limit: `<= ${BUDGET.maxImportRatio}`,
    pass: importMs.ratio <= BUDGET.maxImportRatio,
  }));
  const inbound = handlers.find((h) => h.name === 'inbound-email');
  if (inbound) {
    budgets.push({
      name: 'inbound-email: minified size loaded at cold start',
      actual: `${kb(inbound.real.bytes).toFixed(1)} KB (+ ${kb(inbound.real.lazyBytes).toFixed(1)} KB on first use)`,
      limit: `<= ${BUDGET.maxInboundEmailKb} KB`,
      pass: kb(inbound.real.bytes) <= BUDGET.maxInboundEmailKb,
    });
  }
  const api = handlers.find((h) => h.name === 'api');
  if (api) {
    budgets.push({
      name: 'api: minified size loaded at cold start',
      actual: `${kb(api.real.bytes).toFixed(1)} KB (+ ${kb(api.real.lazyBytes).toFixed(1)} KB on first use)`,
      limit: `<= ${BUDGET.maxApiKb} KB`,
      pass: kb(api.real.bytes) <= BUDGET.maxApiKb,
    });
  }
  return { node: process.version, handlers, budgets };
}
