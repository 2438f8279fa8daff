import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../support/local-engine';
import { type ConsoleCaller, joinTeam } from '../support/team';

const base = { country: 'CN', locale: 'zh-CN', timezone: 'Asia/Shanghai' };
const liLei = { name: '李雷', email: 'li.lei@shop.example' };
const hanMei = { name: '韩梅', email: 'han.mei@shop.example' };
const people: Record<string, Record<string, unknown>> = {
  'c-1': { ...base, name: 'Anna', city: 'Hangzhou', tags: ['vip'], owner: liLei },
  'c-2': { ...base, name: 'Bao', city: 'Beijing', tags: ['vip'], owner: hanMei },
  'c-3': { ...base, name: 'Chen', city: 'hangzhou', owner: liLei },
  'c-4': { ...base, name: '=HYPERLINK("http://evil")', city: 'Shanghai', owner: hanMei },
  'c-5': { ...base, name: 'Dai, "the elder"', tags: ['-1+1', '@home'] },
};

interface Listed {
  customers: { customerId: string; name: string; owner?: string; tier: string }[];
  next?: string;
  partial?: true;
}

describe('the customer list: everyone, filters, sort, pages and CSV', () => {
  let engine: TestEngine;
  let li: ConsoleCaller;
  const list = async (query: string) => {
    const { status, body } = await engine.json<Listed>('GET', `/v1/customers${query}`);
    expect(status).toBe(200);
    return body;
  };
  const ids = (answer: Listed) => answer.customers.map((c) => c.customerId);

  beforeAll(async () => {
    engine = await startTestEngine();
    for (const [id, person] of Object.entries(people))
      await engine.callOk('PUT', `/v1/customers/${id}`, person);
    ({ caller: li } = await joinTeam(engine.app, { ...liLei, role: 'owner' }, 'a long enough passphrase'));
  });
  afterAll(async () => engine.dispose());

  it('lists every customer for an empty query, and an owner only their own', async () => {
    expect(ids(await list('')).sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
    const own = await li.json<Listed>('GET', '/v1/customers');
    expect(own.body.customers.map((c) => c.customerId).sort()).toEqual(['c-1', 'c-3']);
    expect((await li.json<Listed>('GET', `/v1/customers?owner=${hanMei.email}`)).body.customers).toEqual([]);
  });

  it('filters by city (any case), tier, tag and owner, and shows the owner’s name', async () => {
    expect(ids(await list('?city=HANGZHOU')).sort()).toEqual(['c-1', 'c-3']);
    expect(ids(await list('?city=hangzhou&tag=vip'))).toEqual(['c-1']);
    expect(ids(await list(`?owner=${hanMei.email}&sort=name`))).toEqual(['c-4', 'c-2']);
    expect((await list('?tier=A')).customers).toEqual([]);
    expect((await list('?tier=C')).customers).toHaveLength(5);
    expect((await list('?q=Anna')).customers[0]?.owner).toBe('李雷');
    expect(await engine.json('GET', '/v1/customers?sort=birthday')).toMatchObject({ status: 400 });
  });

  it('sorts by name, city and owner either way, and pages a sorted list with its cursor', async () => {
    expect(ids(await list('?sort=name'))).toEqual(['c-4', 'c-1', 'c-2', 'c-3', 'c-5']);
    expect(ids(await list('?sort=name&order=desc'))).toEqual(['c-5', 'c-3', 'c-2', 'c-1', 'c-4']);
    // Without a city last, ties by name.
    expect(ids(await list('?sort=city'))).toEqual(['c-2', 'c-1', 'c-3', 'c-4', 'c-5']);
    expect(ids(await list('?sort=owner')).at(-1)).toBe('c-5');
    const first = await list('?sort=name&limit=2');
    expect(ids(first)).toEqual(['c-4', 'c-1']);
    const second = await list(`?sort=name&limit=2&cursor=${first.next}`);
    expect(ids(second)).toEqual(['c-2', 'c-3']);
    const third = await list(`?sort=name&limit=2&cursor=${second.next}`);
    expect(ids(third)).toEqual(['c-5']);
    expect(third.next).toBeUndefined();
    // A cursor belongs to its sort.
    expect(await engine.json('GET', `/v1/customers?sort=city&limit=2&cursor=${first.next}`)).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('cursor') },
    });
  });

  it('pages the unsorted list without losing or repeating anyone', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.next;
    } while (cursor);
    expect(seen.sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
  });

  it('exports the filtered list as CSV, formulas defused and commas quoted; an owner gets their own', async () => {
    const response = await engine.call('GET', '/v1/customers/export.csv?sort=name');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('customers.csv');
    const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('customerId,name,email,phone,city,country,tier,owner,tags,lastContactAt');
    expect(lines[1]).toBe(`c-4,"'=HYPERLINK(""http://evil"")",,,Shanghai,CN,C,韩梅,,`);
    expect(lines[5]).toBe(`c-5,"Dai, ""the elder""",,,,CN,C,,'-1+1; @home,`);
    expect(lines).toHaveLength(7);
    const vip = await (await engine.call('GET', '/v1/customers/export.csv?tag=vip&city=beijing')).text();
    expect(vip.split('\r\n').filter(Boolean)).toHaveLength(2);
    const own = await li.call('GET', '/v1/customers/export.csv');
    expect(own.status).toBe(200);
    const rows = (await own.text()).split('\r\n').slice(1).filter(Boolean);
    expect(rows.map((row) => row.split(',')[0]).sort()).toEqual(['c-1', 'c-3']);
    expect(await engine.json('GET', '/v1/customers/export.csv?limit=5')).toMatchObject({ status: 400 });
  });

  it('exports a saved segment’s customers, an owner only their own of them', async () => {
    const saved = await engine.json('POST', '/v1/segments', {
      id: 'hangzhou',
      name: 'Hangzhou',
      filter: { country: ['CN'], city: ['Hangzhou'] },
    });
    expect(saved.status).toBe(201);
    const rowsOf = async (response: Response) =>
      (await response.text())
        .split('\r\n')
        .slice(1)
        .filter(Boolean)
        .map((row) => row.split(',')[0])
        .sort();
    expect(await rowsOf(await engine.call('GET', '/v1/customers/export.csv?segment=hangzhou'))).toEqual([
      'c-1',
      'c-3',
    ]);
    await engine.callOk('PUT', '/v1/customers/c-3', { ...people['c-3'], owner: hanMei });
    expect(await rowsOf(await li.call('GET', '/v1/customers/export.csv?segment=hangzhou'))).toEqual(['c-1']);
    expect((await engine.call('GET', '/v1/customers/export.csv?segment=nowhere')).status).toBe(404);
  });
});
