import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUILD_OPTIONS, outputsLoadedAtStart } from '../../infra/lambda-bundling';
import { NurtureFunction } from '../../infra/nurture-function';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'nurture-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function bundle(entry: string, outdir: string): Promise<Metafile> {
  const { metafile } = await build({
    ...LAMBDA_BUILD_OPTIONS,
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outdir,
  });
  return metafile;
}

function packagesIn(metafile: Metafile, files: Iterable<string>): Set<string> {
  const packages = new Set<string>();
  for (const file of files) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]!.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match && bytesInOutput > 0) packages.add(match[1]!);
    }
  }
  return packages;
}

describe('Lambda bundles', () => {
  it('keep Liquid and the S3 client out of what the api loads at a cold start, in chunks of their own', async () => {
    const metafile = await bundle(join(REPO_ROOT, 'functions/handlers/api.ts'), join(out, 'api'));
    const atStart = new Set(outputsLoadedAtStart(metafile));
    const lazy = Object.keys(metafile.outputs).filter((file) => file.endsWith('.mjs') && !atStart.has(file));
    const startPackages = packagesIn(metafile, atStart);
    expect(startPackages).toContain('hono');
    expect(startPackages).toContain('@aws-sdk/client-dynamodb');
    expect(startPackages).not.toContain('liquidjs');
    expect(startPackages).not.toContain('@aws-sdk/client-s3');
    const lazyPackages = packagesIn(metafile, lazy);
    expect(lazyPackages).toContain('liquidjs');
    expect(lazyPackages).toContain('@aws-sdk/client-s3');
  });

  it('load a lazy chunk when the code first needs it: a bundled render runs in a plain node', async () => {
    const entry = join(out, 'render-entry.ts');
    writeFileSync(
      entry,
      [
        `import { renderTemplate } from ${JSON.stringify(join(REPO_ROOT, 'functions/core/content/render.ts'))};`,
        'export const handler = () =>',
        "  renderTemplate({ name: 't', locale: 'zh-CN', channel: 'sms', body: '{{ name }}您好' }, { name: '王芳' });",
      ].join('\n'),
    );
    await bundle(entry, join(out, 'render'));
    const script = `const { handler } = await import(${JSON.stringify(join(out, 'render', 'index.mjs'))}); console.log(JSON.stringify(await handler()));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: out });
    expect(JSON.parse(stdout)).toEqual({
      channel: 'sms',
      text: '王芳您好',
      segments: { count: 1, encoding: 'UCS-2', characters: 4 },
    });
  });
});

describe('NurtureFunction bundling', () => {
  it('ships each function its own bundle, with its chunks, the templates and the phone metadata', () => {
    const app = new App({ outdir: join(out, 'cdk.out') });
    const stack = new Stack(app, 'Bundled');
    new NurtureFunction(stack, 'Fire', { entry: 'functions/handlers/fire.ts' });
    new NurtureFunction(stack, 'Sweep', { entry: 'functions/handlers/sweep.ts' });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    const keys = Object.values(functions).map((fn) => (fn.Properties.Code as { S3Key: string }).S3Key);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) {
      const dir = join(out, 'cdk.out', `asset.${key.replace(/\.zip$/, '')}`);
      expect(readdirSync(dir).sort()).toEqual([
        'chunks',
        'index.mjs',
        'index.mjs.map',
        'phone-metadata.json',
        'templates',
      ]);
      expect(existsSync(join(dir, 'templates', 'festivals.json'))).toBe(true);
    }
  });
});
