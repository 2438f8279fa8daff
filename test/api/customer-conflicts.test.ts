import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

type Batch = { results: Record<string, unknown>[] } & Record<string, unknown>;
type File = { customer: Record<string, unknown>; updatedAt: string };

/** `POST /v1/customers/batch` with `onConflict` and `dryRun`, over HTTP against the embedded store. */
describe('customers whose phone or email belongs to someone on file by another name', () => {
  let engine: TestEngine;
  const batch = (body: unknown) => engine.json<Batch>('POST', '/v1/customers/batch', body);
  const file = (id: string) => engine.json<File>('GET', `/v1/customers/${id}`);

  beforeAll(async () => {
    engine = await startTestEngine();
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...WANG, phone: '138 0013 8000', city: '杭州' });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('with onConflict "report", answers the conflict with who is on file and writes nothing for it', async () => {
    const before = (await file('c-wang')).body;
    const answer = await batch({
      onConflict: 'report',
      customers: [
        { customerId: 'c-wang', name: '张伟', phone: '+8613800138000', city: '宁波' },
        { customerId: 'c-zhang', name: '张伟', phone: '13800138000', country: 'CN' },
        { customerId: 'c-mail', name: 'Someone Else', email: 'WANG.FANG@example.com' },
        { customerId: 'c-new', name: '李娜', phone: '+8613900139001' },
      ],
    });
    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ created: 1, updated: 0, conflict: 3, invalid: 0, failed: 0 });
    const wang = { customerId: 'c-wang', name: '王芳' };
    expect(answer.body.results).toEqual([
      { customerId: 'c-wang', status: 'conflict', field: 'phone', existing: wang },
      { customerId: 'c-zhang', status: 'conflict', field: 'phone', existing: wang },
      { customerId: 'c-mail', status: 'conflict', field: 'email', existing: wang },
      { customerId: 'c-new', status: 'created' },
    ]);
    expect((await file('c-wang')).body).toEqual(before);
    expect((await file('c-zhang')).status).toBe(404);
    expect((await file('c-mail')).status).toBe(404);
  });

  it('files a re-import under the same name (compared width- and case-insensitively) as an update', async () => {
    await engine.callOk('PUT', '/v1/customers/c-ann', { name: 'Ann Lee', phone: '+14155550100' });
    const answer = await batch({
      onConflict: 'report',
      customers: [{ customerId: 'c-ann', name: 'ＡＮＮ  lee', phone: '+14155550100', city: 'Oakland' }],
    });
    expect(answer).toMatchObject({ status: 200, body: { updated: 1, conflict: 0 } });
    expect((await file('c-ann')).body.customer).toMatchObject({ name: 'ＡＮＮ  lee', city: 'Oakland' });
  });

  it('a dry run answers new, existing or conflict for each and writes nothing', async () => {
    const before = (await file('c-wang')).body;
    const answer = await batch({
      dryRun: true,
      customers: [
        { customerId: 'c-wang', name: '王芳', phone: '+8613800138000', notes: 'again' },
        { customerId: 'c-dry', name: '陈静', phone: '+8613700137000' },
        { customerId: 'c-zhang', name: '张伟', phone: '+8613800138000' },
        { customerId: 'c-bad', name: 'Bad', email: 'nope' },
      ],
    });
    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ dryRun: true, new: 1, existing: 1, conflict: 1, invalid: 1 });
    expect(answer.body.results.map((r) => [r.customerId, r.status])).toEqual([
      ['c-wang', 'existing'],
      ['c-dry', 'new'],
      ['c-zhang', 'conflict'],
      ['c-bad', 'invalid'],
    ]);
    expect(answer.body.results[2]).toMatchObject({ existing: { customerId: 'c-wang', name: '王芳' } });
    expect((await file('c-wang')).body).toEqual(before);
    expect((await file('c-dry')).status).toBe(404);
  });

  it('by default (and with onConflict "update") overwrites the customer on file, as before', async () => {
    await engine.callOk('PUT', '/v1/customers/c-old', { name: '周杰', phone: '+8613500135000' });
    const answer = await batch({
      customers: [{ customerId: 'c-old', name: '吴磊', phone: '+8613500135000' }],
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        created: 0,
        updated: 1,
        invalid: 0,
        failed: 0,
        results: [{ customerId: 'c-old', status: 'updated' }],
      },
    });
    expect((await file('c-old')).body.customer).toMatchObject({ name: '吴磊' });
    const update = await batch({
      onConflict: 'update',
      customers: [{ customerId: 'c-old', name: '周杰', phone: '+8613500135000' }],
    });
    expect(update.body).toMatchObject({ updated: 1 });
    expect((await file('c-old')).body.customer).toMatchObject({ name: '周杰' });
  });

  it('refuses an onConflict or dryRun it does not know, naming the field', async () => {
    const customers = [{ customerId: 'c-x', name: 'X' }];
    const skip = await engine.json<{ error: string }>('POST', '/v1/customers/batch', {
      customers,
      onConflict: 'skip',
    });
    expect(skip.status).toBe(400);
    expect(skip.body.error).toMatch(/^invalid batch: onConflict/);
    const dry = await engine.json<{ error: string }>('POST', '/v1/customers/batch', {
      customers,
      dryRun: 'yes',
    });
    expect(dry.status).toBe(400);
    expect(dry.body.error).toMatch(/dryRun/);
    expect((await file('c-x')).status).toBe(404);
  });
});
