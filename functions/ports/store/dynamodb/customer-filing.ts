import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stateFactsOf } from '../../../core/campaigns/segment';
import type { Customer } from '../../../core/customers/customer';
import { alarmHourOf } from '../../../core/planning/alarm-buckets';
import type { EngineState } from '../../../core/planning/state';
import type { FilingEntry, FilingRead } from '../customers';
import { batchGetItems, isConditionFailure } from './client';
import { directoryAttributes } from './directory';
import { customerIdOf, keys } from './keys';

// Filing a batch of customers in about one request each: the profiles and the
// "deals are waiting" markers of the whole batch in one BatchGetItem per 50
// customers, then one conditional UpdateItem per customer that writes the
// profile, the engine state, the contact and directory index keys and the
// alarm together.

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

/** Everything a profile item carries besides its keys, as one SET (and REMOVE) of an UpdateItem. */
function profileUpdate(
  customer: Customer,
  state: EngineState,
  nextAt: Date | undefined,
  now: Date,
): { expression: string; values: Item } {
  const at = now.toISOString();
  const directory = directoryAttributes(customer);
  const set = [
    'customer = :customer',
    'updatedAt = :now',
    'createdAt = if_not_exists(createdAt, :now)',
    '#state = :state',
    'dirState = :dirState',
    'gsi4pk = :dirShard',
    'gsi4sk = :dirSort',
    'dirProfile = :dirProfile',
  ];
  const remove: string[] = [];
  const values: Item = {
    ':customer': customer,
    ':now': at,
    ':state': state,
    ':dirState': stateFactsOf(state),
    ':dirShard': directory.gsi4pk,
    ':dirSort': directory.gsi4sk,
    ':dirProfile': directory.dirProfile,
  };
  if (nextAt) {
    const next = nextAt.toISOString();
    set.push('nextAt = :next', 'gsi3pk = :hour', 'gsi3sk = :slot');
    Object.assign(values, {
      ':next': next,
      ':hour': keys.alarmHour(alarmHourOf(nextAt)),
      ':slot': keys.alarmSlot(next, customer.customerId),
    });
  } else remove.push('nextAt', 'gsi3pk', 'gsi3sk');
  const contact = contactIndexUpdate(customer);
  set.push(...contact.set);
  remove.push(...contact.remove);
  Object.assign(values, contact.values);
  return {
    expression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    values,
  };
}

/** The one write that files a customer; false when the item is no longer as it was read. */
export async function fileProfile(
  db: DynamoDBDocumentClient,
  tableName: string,
  { customer, state, nextAt, expect }: FilingEntry,
  now: Date,
): Promise<boolean> {
  const { expression, values } = profileUpdate(customer, state, nextAt, now);
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: keys.customer(customer.customerId), sk: keys.profile },
        UpdateExpression: expression,
        ConditionExpression:
          expect === 'new' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk) AND #state.version = :read',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: expect === 'new' ? values : { ...values, ':read': expect.version },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
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
