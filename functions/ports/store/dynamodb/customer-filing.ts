import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stateFactsOf } from '../../../core/campaigns/segment';
import type { Customer } from '../../../core/customers/customer';
import { alarmHourOf } from '../../../core/planning/alarm-buckets';
import type { EngineState } from '../../../core/planning/state';
import type { FilingEntry, FilingRead } from '../customers';
import { batchPut } from './batch';
import { batchGetItems, isConditionFailure } from './client';
import { directoryAttributes } from './directory';
import { customerIdOf, keys } from './keys';

// Filing a batch of customers in a fraction of a request each: the profiles and the "deals are
// waiting" markers of the whole batch in one BatchGetItem per 50 customers, then the profile, the
// engine state, the contact and directory index keys and the alarm in one write per customer: 25
// customers not on file to a BatchWriteItem, a conditional UpdateItem for one on file.

/** Beside a profile not filed yet: deals arrived for the customer and wait for them. */
const DEALS_WAITING = '#DEALS-WAITING';

type Item = Record<string, unknown>;

export async function readForFiling(
  db: DynamoDBDocumentClient,
  tableName: string,
  customerIds: readonly string[],
  toRecord: (item: Item) => NonNullable<FilingRead['record']>,
): Promise<Map<string, FilingRead>> {
  const items = await batchGetItems(
    db,
    tableName,
    customerIds.flatMap((id) => [
      { pk: keys.customer(id), sk: keys.profile },
      { pk: keys.customer(id), sk: DEALS_WAITING },
    ]),
    { consistent: true },
  );
  const read = new Map<string, FilingRead>(customerIds.map((id) => [id, { dealsWaiting: false }]));
  for (const item of items) {
    const entry = read.get(customerIdOf(item.pk as string));
    if (!entry) continue;
    if (item.sk === DEALS_WAITING) entry.dealsWaiting = true;
    else entry.record = toRecord(item);
  }
  return read;
}

/** The contact indexes' keys (gsi1 by email, gsi2 by phone): set for an address on file, removed for none. */
export function contactIndexUpdate(customer: Customer): { set: string[]; remove: string[]; values: Item } {
  const set: string[] = [];
  const remove: string[] = [];
  const values: Item = {};
  if (customer.email) {
    set.push('gsi1pk = :email', 'gsi1sk = :id');
    values[':email'] = keys.email(customer.email);
  } else remove.push('gsi1pk', 'gsi1sk');
  if (customer.phone) {
    set.push('gsi2pk = :phone', 'gsi2sk = :id');
    values[':phone'] = keys.phone(customer.phone);
  } else remove.push('gsi2pk', 'gsi2sk');
  if (customer.email || customer.phone) values[':id'] = keys.customer(customer.customerId);
  return { set, remove, values };
}

/** Everything a profile item carries besides its keys and `createdAt`, and the attributes it has none of. */
function profileAttributes(
  customer: Customer,
  state: EngineState,
  nextAt: Date | undefined,
  now: Date,
): { set: Item; remove: string[] } {
  const directory = directoryAttributes(customer);
  const set: Item = {
    customer,
    updatedAt: now.toISOString(),
    state,
    dirState: stateFactsOf(state),
    gsi4pk: directory.gsi4pk,
    gsi4sk: directory.gsi4sk,
    dirProfile: directory.dirProfile,
  };
  const remove: string[] = [];
  if (nextAt) {
    const next = nextAt.toISOString();
    Object.assign(set, {
      nextAt: next,
      gsi3pk: keys.alarmHour(alarmHourOf(nextAt)),
      gsi3sk: keys.alarmSlot(next, customer.customerId),
    });
  } else remove.push('nextAt', 'gsi3pk', 'gsi3sk');
  const contact = contactIndexUpdate(customer);
  for (const assignment of contact.set) {
    const [name = '', placeholder = ''] = assignment.split(' = ');
    set[name] = contact.values[placeholder];
  }
  remove.push(...contact.remove);
  return { set, remove };
}

/** The one write that files a customer; false when the item is no longer as it was read. */
export async function fileProfile(
  db: DynamoDBDocumentClient,
  tableName: string,
  { customer, state, nextAt, expect }: FilingEntry,
  now: Date,
): Promise<boolean> {
  const { set, remove } = profileAttributes(customer, state, nextAt, now);
  const names: Record<string, string> = {};
  const values: Item = { ':now': now.toISOString() };
  const assignments = Object.entries(set).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} = :a${i}`;
  });
  const expression =
    `SET ${[...assignments, 'createdAt = if_not_exists(createdAt, :now)'].join(', ')}` +
    (remove.length ? ` REMOVE ${remove.join(', ')}` : '');
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: keys.customer(customer.customerId), sk: keys.profile },
        UpdateExpression: expression,
        ConditionExpression:
          expect === 'new' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk) AND #state.version = :read',
        ExpressionAttributeNames: expect === 'new' ? names : { ...names, '#state': 'state' },
        ExpressionAttributeValues: expect === 'new' ? values : { ...values, ':read': expect.version },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Files customers not on file when the batch read them, 25 to a
 * BatchWriteItem, which takes no condition: so each is read again (100 to a
 * BatchGetItem, strongly consistent) just before, and one on file by then is
 * left out and answered, for the caller to file by `fileProfile`'s condition.
 */
export async function fileNewProfiles(
  db: DynamoDBDocumentClient,
  tableName: string,
  entries: readonly FilingEntry[],
  now: Date,
): Promise<Set<string>> {
  const ids = entries.map((entry) => entry.customer.customerId);
  const there = await batchGetItems(
    db,
    tableName,
    ids.map((id) => ({ pk: keys.customer(id), sk: keys.profile })),
    { consistent: true },
  );
  const filedMeanwhile = new Set(there.map((item) => customerIdOf(item.pk as string)));
  const at = now.toISOString();
  await batchPut(
    db,
    tableName,
    entries
      .filter((entry) => !filedMeanwhile.has(entry.customer.customerId))
      .map(({ customer, state, nextAt }) => ({
        pk: keys.customer(customer.customerId),
        sk: keys.profile,
        createdAt: at,
        ...profileAttributes(customer, state, nextAt, now).set,
      })),
  );
  return filedMeanwhile;
}

export async function noteDealsWaiting(
  db: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
): Promise<void> {
  await db.send(
    new PutCommand({ TableName: tableName, Item: { pk: keys.customer(customerId), sk: DEALS_WAITING } }),
  );
}

export async function clearDealsWaiting(
  db: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
): Promise<void> {
  await db.send(
    new DeleteCommand({ TableName: tableName, Key: { pk: keys.customer(customerId), sk: DEALS_WAITING } }),
  );
}
