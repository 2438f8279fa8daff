import { createHash } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Contact,
  type ContactHolders,
  type ContactHolding,
  type ContactRepo,
  contactKey,
} from '../contacts';
import { batchPut } from './batch';
import { batchGetItems, isConditionFailure } from './client';

type Item = Record<string, unknown>;

const CONTACT_SK = 'CONTACT';
/** Present once every customer on file is in the contact items (a new table, or after the backfill). */
const COMPLETE = { pk: 'CONTACTS', sk: 'COMPLETE' } as const;

// The address is hashed into the key, so no item's key spells an email or a phone.
const contactPk = (key: string) => `CONTACT#${createHash('sha256').update(key).digest('base64url')}`;

function holdersOf(item: Item | undefined): string[] {
  const value = item?.holders;
  return value instanceof Set ? [...(value as Set<string>)].sort() : [];
}

/**
 * The contact items of ports/store/contacts.ts: `CONTACT#<sha256 of the
 * contact>` / `CONTACT`, with `holders` a string set of customer ids.
 */
export class DynamoContactRepo implements ContactRepo {
  /** The marker never goes once written: after one read finds it, it is not read again. */
  private complete = false;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async holders(contacts: readonly Contact[]): Promise<ContactHolders | undefined> {
    const wanted = [...new Set(contacts.map(contactKey))];
    const byPk = new Map(wanted.map((key) => [contactPk(key), key]));
    const items = await batchGetItems(
      this.db,
      this.tableName,
      [...[...byPk.keys()].map((pk) => ({ pk, sk: CONTACT_SK })), ...(this.complete ? [] : [COMPLETE])],
      { consistent: true },
    );
    if (!this.complete) this.complete = items.some((item) => item.pk === COMPLETE.pk);
    if (!this.complete) return undefined;
    const found = new Map<string, readonly string[]>(wanted.map((key) => [key, []]));
    for (const item of items) {
      const key = byPk.get(item.pk as string);
      if (key !== undefined) found.set(key, holdersOf(item));
    }
    return found;
  }

  async add(entries: readonly ContactHolding[], known?: ContactHolders): Promise<void> {
    if (!known) {
      // One holder at a time (a single customer's save): ADD to the set needs no read and loses no
      // concurrent holder.
      await Promise.all(entries.map((entry) => this.addOne(entry)));
      return;
    }
    // A batch: each item written whole with what was read and what the batch adds (a BatchWriteItem
    // takes no ADD). Two batches filing different customers with one new address at the same moment
    // could leave one of them off its item; the address is then still found held by the other.
    // A check misses only a forgotten holder whose name differs from the remembered one's.
    const merged = new Map<string, Set<string>>();
    for (const { contact, customerId } of entries) {
      const key = contactKey(contact);
      const holders = merged.get(key) ?? new Set(known.get(key) ?? []);
      holders.add(customerId);
      merged.set(key, holders);
    }
    const changed = [...merged].filter(([key, holders]) => holders.size !== (known.get(key)?.length ?? 0));
    await batchPut(
      this.db,
      this.tableName,
      changed.map(([key, holders]) => ({ pk: contactPk(key), sk: CONTACT_SK, holders })),
    );
  }

  private async addOne({ contact, customerId }: ContactHolding): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: contactPk(contactKey(contact)), sk: CONTACT_SK },
        UpdateExpression: 'ADD holders :id',
        ExpressionAttributeValues: { ':id': new Set([customerId]) },
      }),
    );
  }

  async remove({ contact, customerId }: ContactHolding): Promise<void> {
    const Key = { pk: contactPk(contactKey(contact)), sk: CONTACT_SK };
    const { Attributes } = await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'DELETE holders :id',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':id': new Set([customerId]) },
          ReturnValues: 'ALL_NEW',
        }),
      )
      .catch((error: unknown) => {
        if (isConditionFailure(error)) return { Attributes: undefined };
        throw error;
      });
    if (Attributes && holdersOf(Attributes).length === 0) {
      // The last holder gone: the item goes, unless someone was added meanwhile.
      await this.db
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key,
            ConditionExpression: 'attribute_not_exists(holders)',
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
  }

  async markComplete(): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...COMPLETE } }));
    this.complete = true;
  }
}
