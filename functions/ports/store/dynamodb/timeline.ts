import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FiledEntry, MessagePatch, MessageRecord, TimelineRepo } from '../index';
import { isConditionFailure } from './client';
import { customerIdOf, keys } from './keys';

type Item = Record<string, unknown>;

function toMessage(item: Item): MessageRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...message } = item;
  return message as unknown as MessageRecord;
}

export class DynamoTimelineRepo implements TimelineRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimMessage(
    message: MessageRecord,
  ): Promise<{ claimed: true } | { claimed: false; existing: MessageRecord }> {
    // Outcome fields belong to the attempt, not the claim.
    const {
      attempts: _attempts,
      error: _error,
      providerMessageId: _provider,
      sentAt: _sentAt,
      ...fields
    } = message;
    const names: Record<string, string> = {
      '#attempts': 'attempts',
      '#status': 'status',
      '#error': 'error',
      '#providerMessageId': 'providerMessageId',
      '#sentAt': 'sentAt',
    };
    const values: Item = { ':zero': 0, ':one': 1, ':failed': 'failed' };
    const set: string[] = ['#attempts = if_not_exists(#attempts, :zero) + :one'];
    const all: Item = {
      ...fields,
      gsi1pk: keys.message(message.id),
      gsi1sk: keys.customer(message.customerId),
    };
    for (const [field, value] of Object.entries(all)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      set.push(`#${field} = :${field}`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(message.customerId), sk: keys.message(message.id) },
          // A new attempt starts clean: the last attempt's error and provider id go.
          UpdateExpression: `SET ${set.join(', ')} REMOVE #error, #providerMessageId, #sentAt`,
          // A failed attempt may be claimed again; a sending or sent one never.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(message.customerId), sk: keys.message(message.id) },
          ConsistentRead: true,
        }),
      );
      return { claimed: false, existing: toMessage(Item ?? {}) };
    }
  }

  async updateMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options: { onlyIfUnset?: keyof MessagePatch } = {},
  ): Promise<boolean> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return false;
    const names = Object.fromEntries(entries.map(([field]) => [`#${field}`, field]));
    if (options.onlyIfUnset) names['#unset'] = options.onlyIfUnset;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(customerId), sk: keys.message(messageId) },
          UpdateExpression: `SET ${entries.map(([field]) => `#${field} = :${field}`).join(', ')}`,
          ConditionExpression: options.onlyIfUnset
            ? 'attribute_exists(pk) AND attribute_not_exists(#unset)'
            : 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.fromEntries(
            entries.map(([field, value]) => [`:${field}`, value]),
          ),
        }),
      );
      return true;
    } catch (error) {
      // With onlyIfUnset, a failed condition means the field was set already (or the message is gone).
      if (options.onlyIfUnset && isConditionFailure(error)) return false;
      throw error;
    }
  }

  async findMessage(messageId: string): Promise<MessageRecord | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :ref',
        ExpressionAttributeValues: { ':ref': keys.message(messageId) },
        Limit: 1,
      }),
    );
    const ref = Items[0];
    if (!ref) return undefined;
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(customerIdOf(ref.gsi1sk as string)), sk: keys.message(messageId) },
      }),
    );
    return Item ? toMessage(Item) : undefined;
  }

  async addEntry(entry: FiledEntry): Promise<boolean> {
    const { type, ...fields } = entry;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.customer(entry.customerId), sk: entryKey(entry), ...fields },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function entryKey(entry: FiledEntry): string {
  switch (entry.type) {
    case 'reply':
      return keys.reply(entry.id);
    case 'task':
      return keys.task(entry.id);
    case 'note':
      return keys.note(entry.id);
    case 'event':
      return keys.event(entry.id);
  }
}
