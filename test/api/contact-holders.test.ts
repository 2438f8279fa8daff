import { createHash } from 'node:crypto';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexContacts } from '../../functions/engine/customers/contact-holders';
import { upsertCustomers } from '../../functions/engine/customers/customer-batch';
import type { EngineDeps } from '../../functions/engine/deps';
import { createDynamoStore } from '../../functions/ports/store/dynamodb/index';
import { WANG } from '../support/customers';
import { startTestEngine, type TestEngine } from '../support/local-engine';

const TABLE = 'nurture';
const MARKER = { pk: 'CONTACTS', sk: 'COMPLETE' };
/** The contact item's key as the store lays it out (ports/store/dynamodb/contacts.ts). */
const contactItem = (key: string) => ({
  pk: `CONTACT#${createHash('sha256').update(key).digest('base64url')}`,
  sk: 'CONTACT',
});
const WANG_PHONE = '+8613800138000';

/** Who holds a contact is read from the contact items, kept by every filing path, with the indexes as fallback. */
describe('the contact items behind the conflict check', () => {
  let engine: TestEngine;
  let db: DynamoDBDocumentClient;
  const holders = async (key: string) => {
    const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: contactItem(key) }));
    return Item ? [...(Item.holders as Set<string>)].sort() : undefined;
  };
  /** A store of its own (nothing cached) and a count of the contact-index queries it makes. */
  const freshDeps = () => {
    const store = createDynamoStore(db, TABLE, () => engine.clock.now());
    const counted = { queries: 0 };
    const findByContact = store.customers.findByContact.bind(store.customers);
    store.customers.findByContact = (contact) => {
      counted.queries++;
      return findByContact(contact);
    };
    return { deps: { ...engine.deps, store } as EngineDeps, counted };
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    db = DynamoDBDocumentClient.from(engine.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('a single PUT puts the customer among the holders of their phone and email, and a change adds the new one', async () => {
    await engine.callOk('PUT', '/v1/customers/c-wang', { ...WANG, phone: '138 0013 8000' });
    expect(await holders(`p:${WANG_PHONE}`)).toEqual(['c-wang']);
    expect(await holders('e:wang.fang@example.com')).toEqual(['c-wang']);
    await engine.callOk('PUT', '/v1/customers/c-wang', {
      ...WANG,
      phone: WANG_PHONE,
      email: 'fang@example.com',
    });
    expect(await holders('e:fang@example.com')).toEqual(['c-wang']);
    // The old address still names her; the check reads her profile and finds she holds it no more.
    const { deps, counted } = freshDeps();
    const [result] = await upsertCustomers(
      deps,
      [{ customerId: 'c-other', name: 'Someone Else', email: 'wang.fang@example.com' }],
      { onConflict: 'report' },
    );
    expect(result).toEqual({ customerId: 'c-other', status: 'created' });
    expect(counted.queries).toBe(0);
  });

  it('a batch writes the items of the customers it files, so the next batch finds them without a query', async () => {
    const { deps, counted } = freshDeps();
    await upsertCustomers(deps, [{ customerId: 'c-li', name: '李娜', phone: '+8613900139001' }]);
    expect(await holders('p:+8613900139001')).toEqual(['c-li']);
    const [result] = await upsertCustomers(
      deps,
      [{ customerId: 'c-li-2', name: '李四', phone: '13900139001', country: 'CN' }],
      { onConflict: 'report' },
    );
    expect(result).toEqual({
      customerId: 'c-li-2',
      status: 'conflict',
      field: 'phone',
      existing: { customerId: 'c-li', name: '李娜' },
    });
    expect(counted.queries).toBe(0);
  });

  it('on data from before the items (no marker, no item) asks the indexes, until the migration has run', async () => {
    await db.send(new DeleteCommand({ TableName: TABLE, Key: MARKER }));
    await db.send(new DeleteCommand({ TableName: TABLE, Key: contactItem(`p:${WANG_PHONE}`) }));
    const zhang = [{ customerId: 'c-zhang', name: '张伟', phone: WANG_PHONE }];
    const before = freshDeps();
    expect(
      (await upsertCustomers(before.deps, zhang, { onConflict: 'report', dryRun: true }))[0],
    ).toMatchObject({
      status: 'conflict',
      existing: { customerId: 'c-wang' },
    });
    expect(before.counted.queries).toBeGreaterThan(0);

    expect(await indexContacts(before.deps)).toBeGreaterThanOrEqual(3);
    expect(await holders(`p:${WANG_PHONE}`)).toEqual(['c-wang']);
    const after = freshDeps();
    expect(
      (await upsertCustomers(after.deps, zhang, { onConflict: 'report', dryRun: true }))[0],
    ).toMatchObject({
      status: 'conflict',
      existing: { customerId: 'c-wang' },
    });
    expect(after.counted.queries).toBe(0);
    // Once it has run, it answers at once.
    expect(await indexContacts(after.deps)).toBe(0);
  });

  it('a customer filed by someone else between the batch read and its write is not overwritten but updated', async () => {
    const { deps } = freshDeps();
    const readForFiling = deps.store.customers.readForFiling.bind(deps.store.customers);
    deps.store.customers.readForFiling = async (ids) => {
      const read = await readForFiling(ids);
      await engine.callOk('PUT', '/v1/customers/c-race', {
        ...WANG,
        email: 'race@example.com',
        city: '杭州',
      });
      return read;
    };
    const [result] = await upsertCustomers(deps, [
      { ...WANG, customerId: 'c-race', email: 'race@example.com', city: '宁波' },
    ]);
    expect(result).toEqual({ customerId: 'c-race', status: 'updated' });
    const file = await engine.callOk<{ customer: { city: string }; nextAt: string | null }>(
      'GET',
      '/v1/customers/c-race',
    );
    expect(file.customer.city).toBe('宁波');
    expect(file.nextAt).not.toBeNull();
  });

  it('an erasure takes the customer off the holders, and the item goes with its last holder', async () => {
    await engine.callOk('PUT', '/v1/customers/c-gone', {
      name: '赵六',
      phone: '+8613700137000',
      country: 'CN',
    });
    expect(await holders('p:+8613700137000')).toEqual(['c-gone']);
    const erased = await engine.call('DELETE', '/v1/customers/c-gone');
    expect(erased.status).toBeLessThan(300);
    expect(await holders('p:+8613700137000')).toBeUndefined();
  });
});
