import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkpointPath } from '../../functions/cli/checkpoint';
import { deriveCustomerId } from '../../functions/import/row-validation';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { runCli, type ServedEngine, serveEngine } from '../support/served-engine';

type CustomerFile = { customer: Record<string, unknown>; updatedAt: string };

const CN = ['--country', 'CN', '--locale', 'zh-CN', '--timezone', 'Asia/Shanghai'];

// 张伟 on row 2 gives 王芳's phone; 李娜 on row 3 is new.
const SHEET = ['姓名,联系电话,城市', '张伟,138 0013 8000,宁波', '李娜,13900139001,苏州'].join('\n');

/** `nurture import customers` when a row's phone belongs to a customer on file by another name. */
describe('nurture import: conflicts are reported, not applied', () => {
  let engine: TestEngine;
  let served: ServedEngine;
  let dir: string;
  let wang: string;
  let li: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    served = await serveEngine(engine);
    wang = (await deriveCustomerId('+8613800138000', undefined))!;
    li = (await deriveCustomerId('13900139001', undefined, 'CN'))!;
  });
  afterAll(async () => {
    await served.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    // 王芳 on file under the id the import derives from her phone, as an earlier import filed her.
    await engine.callOk('PUT', `/v1/customers/${wang}`, { ...WANG, phone: '138 0013 8000', city: '杭州' });
    dir = mkdtempSync(join(tmpdir(), 'nurture-conflicts-'));
    served.failWhen = undefined;
    return () => rmSync(dir, { recursive: true, force: true });
  });

  const sheet = (text: string) => {
    const file = join(dir, '客户档案.csv');
    writeFileSync(file, text);
    return file;
  };
  const customerFile = (id: string) => engine.json<CustomerFile>('GET', `/v1/customers/${id}`);
  const conflictLine = () => `  row 2, 联系电话: the phone of 王芳 (${wang}), on file\n`;

  it('a dry run asks the engine and lists the conflict, writing nothing', async () => {
    const file = sheet(SHEET);
    const reportFile = join(dir, 'report.json');
    const before = (await customerFile(wang)).body;
    served.requests.length = 0;
    const run = await runCli(served, [
      'import',
      'customers',
      file,
      ...CN,
      '--dry-run',
      '--report',
      reportFile,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '1 customers have a phone or email that belongs to a customer on file by another name:\n',
    );
    expect(run.stdout).toContain(conflictLine());
    expect(run.stdout).toContain(
      'this customer would not be written; check it, and import again with --update-existing',
    );
    expect(run.stdout).toContain(
      'dry run: 2 customers would be sent, 1 of them not written for a conflict; nothing written',
    );
    expect(served.requests).toEqual(['/v1/customers/batch']);
    expect(JSON.parse(readFileSync(reportFile, 'utf8')).conflicts).toEqual([
      {
        rows: [2],
        column: '联系电话',
        field: 'phone',
        customerId: wang,
        existing: { customerId: wang, name: '王芳' },
      },
    ]);
    expect((await customerFile(wang)).body).toEqual(before);
    expect((await customerFile(li)).status).toBe(404);

    const told = await runCli(served, ['import', 'customers', file, ...CN, '--dry-run', '--update-existing']);
    expect(told.stdout).toContain(conflictLine());
    expect(told.stdout).toContain(
      'with --update-existing this customer would be written over the customers on file',
    );
    expect((await customerFile(wang)).body).toEqual(before);
  });

  it('without --update-existing the conflicting row is reported and not written; exit 0', async () => {
    const file = sheet(SHEET);
    const reportFile = join(dir, 'report.json');
    const before = (await customerFile(wang)).body;
    const run = await runCli(served, ['import', 'customers', file, ...CN, '--report', reportFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(conflictLine());
    expect(run.stdout).toContain(
      'this customer was not written; check it, and import again with --update-existing',
    );
    expect(run.stdout).toContain('imported customers: 1 created, 1 not written (conflict)');
    expect((await customerFile(wang)).body).toEqual(before);
    expect((await customerFile(li)).body.customer).toMatchObject({ name: '李娜', city: '苏州' });
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.conflicts).toEqual([
      {
        rows: [2],
        column: '联系电话',
        field: 'phone',
        customerId: wang,
        existing: { customerId: wang, name: '王芳' },
      },
    ]);
    expect(JSON.stringify(report)).not.toContain('13800138000');
  });

  it('with --update-existing the row is written over the customer on file', async () => {
    const run = await runCli(served, ['import', 'customers', sheet(SHEET), ...CN, '--update-existing']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('on file by another name');
    expect(run.stdout).toMatch(/imported customers: (1 updated, 1 created|1 created, 1 updated|2 updated)\n/);
    expect((await customerFile(wang)).body.customer).toMatchObject({ name: '张伟', city: '宁波' });
  });

  it('a re-import under the same name is no conflict: the customer is updated', async () => {
    const file = sheet(['姓名,联系电话,城市,备注', '王芳,13800138000,杭州,再次购买'].join('\n'));
    const run = await runCli(served, ['import', 'customers', file, ...CN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('imported customers: 1 updated\n');
    expect(run.stdout).not.toContain('another name');
    expect((await customerFile(wang)).body.customer).toMatchObject({ name: '王芳', notes: '再次购买' });
  });

  it('a resumed import still reports the conflicts of the batches an earlier run sent', async () => {
    const file = sheet(SHEET);
    const args = ['import', 'customers', file, ...CN, '--batch-size', '1', '--concurrency', '1'];
    served.requests.length = 0;
    served.failWhen = (path, count) => path === '/v1/customers/batch' && count > 1;
    const interrupted = await runCli(served, args);
    expect(interrupted.code).toBe(1);
    expect(JSON.parse(readFileSync(checkpointPath(file), 'utf8')).conflicts).toHaveLength(1);
    served.failWhen = undefined;
    const resumed = await runCli(served, args);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming: 1 of 2 batches were imported by an earlier run');
    expect(resumed.stdout).toContain(conflictLine());
    expect(existsSync(checkpointPath(file))).toBe(false);
    expect((await customerFile(wang)).body.customer).toMatchObject({ name: '王芳' });
  });

  it('a dry run without an answer from the engine says so and still prints the sheet’s validation', async () => {
    const gone = await serveEngine(engine);
    await gone.close();
    const file = sheet(SHEET);
    const unreachable = await runCli(gone, ['import', 'customers', file, ...CN, '--dry-run']);
    expect(unreachable.code).toBe(0);
    expect(unreachable.stdout).toContain('2 rows: 2 valid, 0 with problems');
    expect(unreachable.stdout).toContain(
      `conflicts with customers on file not checked: the engine at ${gone.url} did not answer`,
    );
    expect(unreachable.stdout).toContain('dry run: 2 customers would be sent; nothing written');
    const keyless = await runCli(served, ['import', 'customers', file, ...CN, '--dry-run'], {});
    expect(keyless.code).toBe(0);
    expect(keyless.stdout).toContain('conflicts with customers on file not checked: no API key');
  });
});
