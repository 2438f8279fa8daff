import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FiledEntry, MessageExpectation, MessagePatch, MessageRecord, TimelineRepo } from '../index';
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
    options: { requeueBefore?: string } = {},
  ): Promise<{ claimed: true } | { claimed: false; existing: MessageRecord }> {
    // Outcome fields belong to the attempt, not the claim.
    const {
      attempts: _attempts,
      error: _error,
      providerMessageId: _provider,
      sendingAt: _sendingAt,
      sentAt: _sentAt,
      ...fields
    } = message;
    const names: Record<string, string> = {
      '#attempts': 'attempts',
      '#status': 'status',
      '#error': 'error',
      '#providerMessageId': 'providerMessageId',
      '#sendingAt': 'sendingAt',
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
    // A failed attempt may be claimed again; a sending or sent one never. A queued
    // one only when its job may be lost (the claimer died before handing it over):
    // a second job is harmless, since only one of them can start sending.
    let condition = 'attribute_not_exists(pk) OR #status = :failed';
    if (options.requeueBefore) {
      names['#at'] = 'at';
      values[':queued'] = 'queued';
      values[':requeueBefore'] = options.requeueBefore;
      condition += ' OR (#status = :queued AND #at < :requeueBefore)';
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(message.customerId), sk: keys.message(message.id) },
          // A new attempt starts clean: the last attempt's error and provider id go.
          UpdateExpression: `SET ${set.join(', ')} REMOVE #error, #providerMessageId, #sendingAt, #sentAt`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return {
        claimed: false,
        existing: (await this.getMessage(message.customerId, message.id)) ?? toMessage({}),
      };
    }
  }

  async startSending(
    customerId: string,
    messageId: string,
    sendingAt: string,
  ): Promise<{ started: true; message: MessageRecord } | { started: false; existing?: MessageRecord }> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(customerId), sk: keys.message(messageId) },
          UpdateExpression: 'SET #status = :sending, #sendingAt = :sendingAt REMOVE #error',
          // Only from the queue (or, for a redriven job, from a recorded failure): never twice at once.
          ConditionExpression: '#status IN (:queued, :failed)',
          ExpressionAttributeNames: { '#status': 'status', '#sendingAt': 'sendingAt', '#error': 'error' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':sendingAt': sendingAt,
            ':queued': 'queued',
            ':failed': 'failed',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { started: true, message: toMessage(Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getMessage(customerId, messageId);
      return existing ? { started: false, existing } : { started: false };
    }
  }

  async updateMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options: { onlyIfUnset?: keyof MessagePatch; expect?: MessageExpectation } = {},
  ): Promise<boolean> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return false;
    const names: Record<string, string> = Object.fromEntries(entries.map(([field]) => [`#${field}`, field]));
    const values: Item = Object.fromEntries(entries.map(([field, value]) => [`:${field}`, value]));
    const conditions = ['attribute_exists(pk)'];
    if (options.onlyIfUnset) {
      names['#unset'] = options.onlyIfUnset;
      conditions.push('attribute_not_exists(#unset)');
    }
    if (options.expect) {
      names['#status'] = 'status';
      values[':expectedStatus'] = options.expect.status;
      conditions.push('#status = :expectedStatus');
      if (options.expect.sendingAt) {
        names['#sendingAt'] = 'sendingAt';
        values[':expectedSendingAt'] = options.expect.sendingAt;
        conditions.push('#sendingAt = :expectedSendingAt');
      }
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(customerId), sk: keys.message(messageId) },
          UpdateExpression: `SET ${entries.map(([field]) => `#${field} = :${field}`).join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      // With a condition of the caller's, a failed one means the message was not as expected (or is gone).
      if ((options.onlyIfUnset || options.expect) && isConditionFailure(error)) return false;
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

  private async getMessage(customerId: string, messageId: string): Promise<MessageRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(customerId), sk: keys.message(messageId) },
        ConsistentRead: true,
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
