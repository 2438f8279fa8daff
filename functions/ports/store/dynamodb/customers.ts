import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { stateFactsOf } from '../../../core/campaigns/segment';
import type { Customer } from '../../../core/customers/customer';
import { ConflictError } from '../../../core/errors';
import { alarmHourOf } from '../../../core/planning/alarm-buckets';
import { type EngineState, emptyState } from '../../../core/planning/state';
import type {
  CustomerFile,
  CustomerRecord,
  CustomerRepo,
  FilingEntry,
  FilingRead,
  ReferralGiven,
  TimelineEntry,
} from '../index';
import { batchGetItems, isConditionFailure } from './client';
import {
  clearDealsWaiting,
  contactIndexUpdate,
  fileNewProfiles,
  fileProfile,
  noteDealsWaiting,
  readForFiling,
} from './customer-filing';
import { toRecord } from './customer-record';
import { toDealRecord } from './deals';
import { directoryAttributes } from './directory';
import { customerIdOf, keys } from './keys';

type Item = Record<string, unknown>;

const REFERRAL_PREFIX = keys.referral('');

function toTimelineEntry(item: Item): TimelineEntry | undefined {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  const sk = item.sk as string;
  if (sk.startsWith('MSG#')) return { type: 'message', ...rest } as TimelineEntry;
  if (sk.startsWith('RPL#')) return { type: 'reply', ...rest } as TimelineEntry;
  if (sk.startsWith('TASK#')) return { type: 'task', ...rest } as TimelineEntry;
  if (sk.startsWith('NOTE#')) return { type: 'note', ...rest } as TimelineEntry;
  if (sk.startsWith('EVT#')) return { type: 'event', ...rest } as TimelineEntry;
  return undefined;
}

export class DynamoCustomerRepo implements CustomerRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(customerId), sk: keys.profile },
        ConsistentRead: true,
      }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async upsert(
    customer: Customer,
    now: Date,
  ): Promise<{ created: boolean; unplanned: boolean; record: CustomerRecord; previous?: Customer }> {
    const at = now.toISOString();
    const set = [
      'customer = :customer',
      'updatedAt = :now',
      'createdAt = if_not_exists(createdAt, :now)',
      '#state = if_not_exists(#state, :empty)',
      // A new customer is due at once in the alarm index until the engine plans them: if the
      // process dies before that, the recovery sweep finds and arms them (never unarmed).
      'nextAt = if_not_exists(nextAt, :now)',
      'gsi3pk = if_not_exists(gsi3pk, :hour)',
      'gsi3sk = if_not_exists(gsi3sk, :slot)',
    ];
    const remove: string[] = [];
    const values: Item = {
      ':customer': customer,
      ':now': at,
      ':empty': emptyState,
      ':hour': keys.alarmHour(alarmHourOf(now)),
      ':slot': keys.alarmSlot(at, customer.customerId),
    };
    // The customer's entry in the directory segments are read from (table.ts).
    const directory = directoryAttributes(customer);
    set.push('gsi4pk = :dirShard', 'gsi4sk = :dirSort', 'dirProfile = :dirProfile');
    Object.assign(values, {
      ':dirShard': directory.gsi4pk,
      ':dirSort': directory.gsi4sk,
      ':dirProfile': directory.dirProfile,
    });
    const contact = contactIndexUpdate(customer);
    set.push(...contact.set);
    remove.push(...contact.remove);
    Object.assign(values, contact.values);
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(customer.customerId), sk: keys.profile },
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: values,
        // The old item tells both whether this created the customer and, with the
        // new profile laid over it, the record as it now stands.
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes) {
      return {
        created: true,
        unplanned: true,
        record: { customer, state: emptyState, createdAt: at, updatedAt: at, nextAt: at },
      };
    }
    const old = toRecord(Attributes);
    return {
      created: false,
      unplanned: old.nextAt === undefined,
      record: { ...old, customer, updatedAt: at, nextAt: old.nextAt ?? at },
      previous: old.customer,
    };
  }

  async saveState(
    customerId: string,
    state: EngineState,
    nextAt: Date | undefined,
    customer?: Customer,
  ): Promise<void> {
    const next = nextAt?.toISOString();
    // The state's side of the directory entry, and with the profile its whole entry (a
    // customer filed before the directory existed joins it on their next save).
    const directory = customer ? directoryAttributes(customer) : undefined;
    // The alarm index (gsi3) moves with nextAt in this same write, so the
    // sweep sees every pending alarm without a request of its own per fire.
    const set = [
      '#state = :state',
      ...(directory ? ['dirState = :dirState'] : []),
      ...(next ? ['nextAt = :next', 'gsi3pk = :hour', 'gsi3sk = :slot'] : []),
      ...(directory ? ['gsi4pk = :dirShard', 'gsi4sk = :dirSort', 'dirProfile = :dirProfile'] : []),
    ];
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(customerId), sk: keys.profile },
          UpdateExpression: `SET ${set.join(', ')}${next ? '' : ' REMOVE nextAt, gsi3pk, gsi3sk'}`,
          ConditionExpression: 'attribute_exists(pk) AND #state.version = :previous',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': state,
            ...(directory ? { ':dirState': stateFactsOf(state) } : {}),
            ':previous': state.version - 1,
            ...(nextAt && next
              ? {
                  ':next': next,
                  ':hour': keys.alarmHour(alarmHourOf(nextAt)),
                  ':slot': keys.alarmSlot(next, customerId),
                }
              : {}),
            ...(directory
              ? {
                  ':dirShard': directory.gsi4pk,
                  ':dirSort': directory.gsi4sk,
                  ':dirProfile': directory.dirProfile,
                }
              : {}),
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`state of customer ${customerId} moved past version ${state.version - 1}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async findByContact(contact: { email: string } | { phone: string }): Promise<string[]> {
    const [index, value] =
      'email' in contact ? ['gsi1', keys.email(contact.email)] : ['gsi2', keys.phone(contact.phone)];
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :value`,
        ExpressionAttributeValues: { ':value': value },
        Limit: 20,
      }),
    );
    return Items.map((item) => customerIdOf(item.pk as string));
  }

  async getFile(customerId: string): Promise<CustomerFile> {
    const file: CustomerFile = { deals: [], timeline: [], referrals: [] };
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.customer(customerId) },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const sk = item.sk as string;
        if (sk === keys.profile) file.record = toRecord(item);
        else if (sk.startsWith('DEAL#')) file.deals.push(toDealRecord(item));
        else if (sk.startsWith(REFERRAL_PREFIX)) {
          const { customerId, name, at } = item as unknown as ReferralGiven;
          file.referrals.push({ customerId, name, at });
        } else {
          const entry = toTimelineEntry(item);
          if (entry) file.timeline.push(entry);
        }
      }
    }
    file.timeline.sort((a, b) => a.at.localeCompare(b.at));
    file.referrals.sort((a, b) => a.at.localeCompare(b.at));
    return file;
  }

  async getMany(
    customerIds: readonly string[],
    options: { consistent?: boolean } = {},
  ): Promise<CustomerRecord[]> {
    const items = await batchGetItems(
      this.db,
      this.tableName,
      customerIds.map((id) => ({ pk: keys.customer(id), sk: keys.profile })),
      options,
    );
    const found = new Map(items.map((item) => [customerIdOf(item.pk as string), toRecord(item)]));
    return [...new Set(customerIds)].flatMap((id) => found.get(id) ?? []);
  }

  readForFiling(customerIds: readonly string[]): Promise<Map<string, FilingRead>> {
    return readForFiling(this.db, this.tableName, customerIds, toRecord);
  }

  fileProfile(entry: FilingEntry, now: Date): Promise<boolean> {
    return fileProfile(this.db, this.tableName, entry, now);
  }

  fileNewProfiles(entries: readonly FilingEntry[], now: Date): Promise<Set<string>> {
    return fileNewProfiles(this.db, this.tableName, entries, now);
  }

  noteDealsWaiting(customerId: string): Promise<void> {
    return noteDealsWaiting(this.db, this.tableName, customerId);
  }

  clearDealsWaiting(customerId: string): Promise<void> {
    return clearDealsWaiting(this.db, this.tableName, customerId);
  }

  async linkReferral(referrerId: string, referred: ReferralGiven): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.customer(referrerId), sk: keys.referral(referred.customerId), ...referred },
      }),
    );
  }

  async unlinkReferral(referrerId: string, referredId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(referrerId), sk: keys.referral(referredId) },
      }),
    );
  }
}
