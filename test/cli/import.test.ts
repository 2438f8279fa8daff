import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { checkpointPath } from '../../functions/cli/checkpoint';
import { deriveCustomerId } from '../../functions/import/row-validation';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { runCli, type ServedEngine, serveEngine } from '../support/served-engine';

type CustomerFile = {
  customer: Record<string, unknown>;
  deals: { deal: { dealId: string; stage: string; amount?: number; items: { name: string }[] } }[];
  lifetimeValue: number;
};

const CN = ['--country', 'CN', '--locale', 'zh-CN', '--timezone', 'Asia/Shanghai'];

// Seed 001's customer file table, with a title row above the headers as such sheets have.
const SEED_SHEET = [
  '**公司**市场客户档案,,,,,,,,',
  '时间,姓名,联系电话,购买品种,价格,备注,城市,生日,标签',
  '2026-03-05,王芳,138 0013 8000,胡桃木餐椅,"¥12,800",老客户介绍,杭州,1987-06-18,"VIP,老客户"',
  '2026/4/12,张伟,13900139000,书柜,3600元,,宁波,3月12日,老客户',
  ',,,,,,,,',
  '2026年5月1日,王芳,13800138000,茶几,2400,再次购买,杭州,,回头客',
].join('\n');

describe('nurture import', () => {
  let engine: TestEngine;
  let served: ServedEngine;
  let dir: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    served = await serveEngine(engine);
  });
  afterAll(async () => {
    await served.close();
    await engine.dispose();
  });
  afterEach(() => {
    served.failWhen = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sheet = (name: string, text: string) => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-import-'));
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const customerFile = async (id: string) => engine.json<CustomerFile>('GET', `/v1/customers/${id}`);

  it('files the seed sheet with Chinese headers, then its purchases as deals; re-runs change nothing', async () => {
    const file = sheet('客户档案.csv', SEED_SHEET);
    const first = await runCli(served, ['import', 'customers', file, ...CN]);
    expect(first.stdout).toContain('header on row 2');
    expect(first.stdout).toContain('联系电话 -> phone');
    expect(first.stdout).toContain('3 rows: 3 valid, 0 with problems');
    expect(first.stdout).toContain(
      'imported customers: 2 created; 1 rows folded into an earlier row of the same customer',
    );
    expect(first.code).toBe(0);

    const wang = await deriveCustomerId('+8613800138000', undefined);
    const zhang = await deriveCustomerId('13900139000', undefined, 'CN');
    expect(wang).toMatch(/^c-[0-9a-f]{24}$/);
    const { status, body } = await customerFile(wang!);
    expect(status).toBe(200);
    expect(body.customer).toMatchObject({
      customerId: wang,
      name: '王芳',
      phone: '+8613800138000',
      city: '杭州',
      country: 'CN',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      birthday: '1987-06-18',
      notes: '再次购买',
      tags: ['VIP', '老客户', '回头客'],
    });
    expect((await customerFile(zhang!)).body.customer).toMatchObject({ name: '张伟', birthday: '03-12' });

    const deals = await runCli(served, ['import', 'deals', file, ...CN, '--currency', 'CNY']);
    expect(deals.code).toBe(0);
    expect(deals.stdout).toContain('imported deals: 3 recorded');
    const bought = (await customerFile(wang!)).body;
    expect(bought.deals.map(({ deal }) => [deal.stage, deal.amount, deal.items[0]?.name]).sort()).toEqual([
      ['completed', 12800, '胡桃木餐椅'],
      ['completed', 2400, '茶几'],
    ]);
    expect(bought.lifetimeValue).toBe(15200);

    const again = await runCli(served, ['import', 'deals', file, ...CN, '--currency', 'CNY']);
    expect(again.stdout).toContain('imported deals: 3 duplicate');
    const customersAgain = await runCli(served, ['import', 'customers', file, ...CN]);
    expect(customersAgain.stdout).toContain('imported customers: 2 updated');
    const after = (await customerFile(wang!)).body;
    expect(after.deals).toHaveLength(2);
    expect(after.lifetimeValue).toBe(15200);
    expect(existsSync(checkpointPath(file))).toBe(false);
  });

  it('an old sheet with 2026 purchases is history: 30 days on, no order, survey or referral message, tiers and anniversaries set', async () => {
    const fresh = await startTestEngine({ start: '2027-02-06T02:00:00Z' });
    const own = await serveEngine(fresh);
    try {
      const file = sheet('客户档案.csv', SEED_SHEET);
      const customers = await runCli(own, ['import', 'customers', file, ...CN, '--consent', 'email,sms']);
      expect(customers.stdout).toContain(
        'marketing consent: 2 customers for email, 2 for SMS, 0 for neither',
      );
      expect((await runCli(own, ['import', 'deals', file, ...CN, '--currency', 'CNY'])).code).toBe(0);
      for (let day = 0; day < 30; day++) await fresh.advance('P1D');
      const sent = await fresh.sent();
      const notices = sent.filter((m) => /order-|survey|referral/.test(m.rule));
      expect(notices).toEqual([]);
      const wang = (await deriveCustomerId('+8613800138000', undefined))!;
      const file1 = await fresh.json<{
        tier: string;
        lifetimeValue: number;
        timeline: { type: string; note?: string }[];
      }>('GET', `/v1/customers/${wang}`);
      expect(file1.body.lifetimeValue).toBe(15200);
      expect(file1.body.tier).toBeDefined();
      expect(
        file1.body.timeline.filter((e) => e.type === 'note' && e.note?.includes('not sent for deal')),
      ).not.toEqual([]);
      const forecast = await fresh.json<{ messages: { rule: string; local: string }[] }>(
        'GET',
        `/v1/customers/${wang}/forecast?days=365`,
      );
      // The first purchase's anniversary came round within the 30 days, and recurs.
      expect(sent.filter((m) => m.rule === 'purchase-anniversary' && m.customerId === wang)).toHaveLength(1);
      expect(forecast.body.messages.find((e) => e.rule === 'purchase-anniversary')?.local).toMatch(
        /^2028-03-05/,
      );
    } finally {
      await own.close();
      await fresh.dispose();
    }
  });

  it('gives imported customers no marketing consent unless a column or --consent says so', async () => {
    const file = sheet(
      'consent.csv',
      [
        '姓名,手机,邮件订阅,短信订阅',
        '李雷,13700137001,是,否',
        '韩梅梅,13700137002,,',
        '赵六,13700137003,maybe,',
      ].join('\n'),
    );
    const refused = await runCli(served, ['import', 'customers', file, ...CN, '--dry-run']);
    expect(refused.stdout).toContain('row 4, 邮件订阅: must be yes or no (是/否)');
    const run = await runCli(served, ['import', 'customers', file, ...CN, '--skip-invalid']);
    expect(run.stdout).toContain('marketing consent: 1 customers for email, 0 for SMS, 1 for neither');
    const li = await customerFile((await deriveCustomerId('13700137001', undefined, 'CN'))!);
    expect(li.body.customer.consent).toEqual({ email: true, sms: false });
    const han = await customerFile((await deriveCustomerId('13700137002', undefined, 'CN'))!);
    expect(han.body.customer.consent).toEqual({ email: false, sms: false });
    const bad = await runCli(served, ['import', 'customers', file, ...CN, '--consent', 'post']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--consent: "post" is not email, sms or none');
  });

  it('reports bad rows by spreadsheet row and column before writing anything, and refuses with exit 2', async () => {
    const file = sheet(
      'bad.csv',
      [
        '姓名,手机,邮箱,生日',
        '李雷,13700137000,li.lei@example.com,1990-01-02',
        '韩梅梅,12345,han@example,13-05',
        ',13600136000,,',
      ].join('\n'),
    );
    const reportFile = join(dir, 'report.json');
    served.requests.length = 0;
    const run = await runCli(served, ['import', 'customers', file, ...CN, '--report', reportFile]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('row 3, 手机: must be a valid phone number for CN or in +E.164 form');
    expect(run.stdout).toContain('row 3, 邮箱: must be a valid email address');
    expect(run.stdout).toContain('row 3, 生日: must be MM-DD, or YYYY-MM-DD when the year is known');
    expect(run.stdout).toContain('row 4, 姓名: empty: every customer needs one');
    expect(run.stderr).toContain('nothing written: 2 rows have problems');
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report).toMatchObject({ rows: 3, valid: 1, invalid: 2 });
    expect(report.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`)).toEqual([
      '3:手机',
      '3:邮箱',
      '3:生日',
      '4:姓名',
    ]);
    expect(JSON.stringify(report)).not.toContain('13700137000');
    const li = (await deriveCustomerId('13700137000', undefined, 'CN'))!;
    expect((await customerFile(li)).status).toBe(404);
    expect(served.requests.filter((p) => p.startsWith('/v1/'))).toEqual([]);

    const skipped = await runCli(served, ['import', 'customers', file, ...CN, '--skip-invalid']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('imported customers: 1 created; 2 bad rows skipped');
    expect((await customerFile(li)).body.customer).toMatchObject({
      name: '李雷',
      email: 'li.lei@example.com',
    });
  });

  it('a deal row with an unreadable price or date is reported, and no deal is sent', async () => {
    const file = sheet(
      'deals.csv',
      [
        '时间,姓名,电话,购买品种,价格',
        '2026-06-01,周杰,13500135000,沙发,about 3k',
        '下个月,周杰,13500135000,床,4000',
        '2026-06-02,周杰,,灯,300',
      ].join('\n'),
    );
    served.requests.length = 0;
    const run = await runCli(served, ['import', 'deals', file, ...CN]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('row 2, 价格: must be an amount such as 12800 or ¥12,800');
    expect(run.stdout).toContain('row 3, 时间: must be a date such as 2026-03-05 or 2026年3月5日');
    expect(run.stdout).toContain(
      'row 4, 电话: no valid phone or email to know the customer by (or give --id-column)',
    );
    expect(served.requests.filter((p) => p.startsWith('/v1/'))).toEqual([]);
  });

  it('without the key or secret it says which is missing and writes nothing', async () => {
    const file = sheet('creds.csv', ['Name,Phone,Item,Price', 'Ann,+14155550177,Lamp,90'].join('\n'));
    served.requests.length = 0;
    const customers = await runCli(served, ['import', 'customers', file], {});
    expect(customers.code).toBe(2);
    expect(customers.stderr).toContain('nothing written: no API key: pass --api-key or set NURTURE_API_KEY');
    const deals = await runCli(served, ['import', 'deals', file, '--webhook-secret', 'not-a-secret'], {});
    expect(deals.code).toBe(2);
    expect(deals.stderr).toContain('no webhook secret of the form whsec_<base64>');
    expect(served.requests).toEqual([]);
  });

  it('--dry-run validates and writes nothing (it asks the engine only which customers are on file)', async () => {
    const file = sheet('dry.csv', ['Name,Phone', 'Ann Lee,+14155550100'].join('\n'));
    served.requests.length = 0;
    const run = await runCli(served, ['import', 'customers', file, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dry run: 1 customers would be sent; nothing written');
    expect(served.requests).toEqual(['/v1/customers/batch']);
    expect((await customerFile((await deriveCustomerId('+14155550100', undefined))!)).status).toBe(404);
  });

  it('reads .xlsx with English headers, typed dates and numbers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-import-'));
    const file = join(dir, 'customers.xlsx');
    await writeXlsxFile([
      [
        { value: 'Date' },
        { value: 'Name' },
        { value: 'Email' },
        { value: 'Birthday' },
        { value: 'Purchase' },
        { value: 'Price' },
        { value: 'Country' },
        { value: 'Remarks' },
      ],
      [
        { value: new Date('2026-02-14T00:00:00Z'), format: 'yyyy-mm-dd' },
        { value: 'Maria Rossi' },
        { value: 'Maria.Rossi@Example.com' },
        { value: new Date('1980-11-30T00:00:00Z'), format: 'yyyy-mm-dd' },
        { value: 'Walnut table' },
        { value: 1999.5 },
        { value: 'IT' },
        { value: 'met at the fair' },
      ],
    ]).toFile(file);
    const customers = await runCli(served, ['import', 'customers', file, '--timezone', 'Europe/Rome']);
    expect(customers.code).toBe(0);
    const id = (await deriveCustomerId(undefined, 'maria.rossi@example.com'))!;
    expect((await customerFile(id)).body.customer).toMatchObject({
      name: 'Maria Rossi',
      email: 'Maria.Rossi@Example.com',
      birthday: '1980-11-30',
      country: 'IT',
      notes: 'met at the fair',
      timezone: 'Europe/Rome',
    });
    const deals = await runCli(served, ['import', 'deals', file]);
    expect(deals.stdout).toContain('imported deals: 1 recorded');
    expect((await customerFile(id)).body.deals.map((d) => d.deal)).toEqual([
      {
        dealId: expect.stringMatching(/^d-[0-9a-f]{24}$/),
        customerId: id,
        stage: 'completed',
        items: [{ name: 'Walnut table', quantity: 1 }],
        amount: 1999.5,
        occurredAt: '2026-02-14T12:00:00.000Z',
        notes: 'met at the fair',
      },
    ]);
  });

  it('--map and --id-column take columns the built-in names do not know', async () => {
    const file = sheet(
      'mapped.csv',
      [
        'Code,Full Name X,客户手机,Internal',
        'k-001,Omar Haddad,+971501234567,secret',
        'k-002,Lena Vogel,+4915112345678,x',
      ].join('\n'),
    );
    const run = await runCli(served, [
      'import',
      'customers',
      file,
      '--map',
      'Full Name X=name,客户手机=phone,Internal=ignore',
      '--id-column',
      'Code',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Internal -> not imported');
    expect((await customerFile('k-001')).body.customer).toMatchObject({
      name: 'Omar Haddad',
      phone: '+971501234567',
    });
    expect((await customerFile('k-002')).body.customer).toMatchObject({ name: 'Lena Vogel' });
    expect((await customerFile('k-001')).body.customer).not.toHaveProperty('notes');

    const unknown = await runCli(served, ['import', 'customers', file, '--map', 'Full Name X=fullname']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no field "fullname"');
  });

  it('resumes after the server fails part-way, sending only the batches not yet in', async () => {
    const lines = ['Name,Phone'];
    for (let i = 0; i < 35; i++) lines.push(`Customer ${i},+1415555${String(1000 + i)}`);
    const file = sheet('many.csv', lines.join('\n'));
    const args = ['import', 'customers', file, '--batch-size', '10'];
    served.requests.length = 0;
    served.failWhen = (path, count) => path === '/v1/customers/batch' && count > 2;
    const interrupted = await runCli(served, args);
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toContain('retry 1');
    expect(interrupted.stderr).toContain('2 of 4 batches are in; run the same command again to resume');
    expect(JSON.parse(readFileSync(checkpointPath(file), 'utf8'))).toMatchObject({
      batches: 4,
      done: [0, 1],
    });
    const ids = (
      await Promise.all(
        Array.from({ length: 35 }, (_, i) => deriveCustomerId(`+1415555${1000 + i}`, undefined)),
      )
    ).map((id) => id!);
    expect((await customerFile(ids[19]!)).status).toBe(200);
    expect((await customerFile(ids[20]!)).status).toBe(404);

    served.failWhen = undefined;
    served.requests.length = 0;
    const resumed = await runCli(served, args);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming: 2 of 4 batches were imported by an earlier run');
    expect(resumed.stdout).toContain('imported customers: 15 created');
    expect(served.requests.filter((p) => p === '/v1/customers/batch')).toHaveLength(2);
    for (const id of ids) expect((await customerFile(id)).status).toBe(200);
    expect(existsSync(checkpointPath(file))).toBe(false);
  });

  it('a changed file starts over instead of trusting an old checkpoint', async () => {
    const file = sheet('changed.csv', ['Name,Phone', 'Ann,+14155550111', 'Bob,+14155550112'].join('\n'));
    served.failWhen = (path) => path === '/v1/customers/batch';
    expect((await runCli(served, ['import', 'customers', file, '--batch-size', '1'])).code).toBe(1);
    writeFileSync(file, ['Name,Phone', 'Ann,+14155550111', 'Bob,+14155550113'].join('\n'));
    writeFileSync(
      checkpointPath(file),
      JSON.stringify({ version: 1, kind: 'customers', inputHash: 'old', batches: 2, done: [0, 1] }),
    );
    served.failWhen = undefined;
    const run = await runCli(served, ['import', 'customers', file, '--batch-size', '1']);
    expect(run.stdout).toContain('starting over');
    expect(run.stdout).toContain('imported customers: 2 created');
  });
});
