import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ClaimAs,
  type ClaimResult,
  type DraftMessage,
  deliveryStatuses,
  type FiledEntry,
  type MessagePatch,
  type MessageRecord,
  type MessageUpdateOptions,
  type TaskRecord,
  type TaskStatus,
  type TimelineRepo,
} from '../index';
import { isConditionFailure } from './client';
import { customerIdOf, keys } from './keys';

type Item = Record<string, unknown>;

/** What one attempt concludes: a new claim removes whatever of it the claim does not set. */
const ATTEMPT_FIELDS = ['error', 'failureCounted', 'providerMessageId', 'sendingAt', 'sentAt'] as const;

function toMessage(item: Item): MessageRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...message } = item;
  return message as unknown as MessageRecord;
}

export class DynamoTimelineRepo implements TimelineRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimMessage(message: DraftMessage, as: ClaimAs): Promise<ClaimResult> {
    const names: Record<string, string> = {
      '#attempts': 'attempts',
      '#status': 'status',
      '#outcomeUnknown': 'outcomeUnknown',
    };
    const values: Item = { ':zero': 0, ':one': 1, ':failed': 'failed', ':queued': 'queued' };
    const set: string[] = ['#attempts = if_not_exists(#attempts, :zero) + :one'];
    const all: Item = {
      ...draftFields(message),
      ...as,
      gsi1pk: keys.message(message.id),
      gsi1sk: keys.customer(message.customerId),
    };
    for (const [field, value] of Object.entries(all)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      set.push(`#${field} = :${field}`);
    }
    // A new attempt starts clean: what an earlier attempt concluded goes.
    const stale = ATTEMPT_FIELDS.filter((field) => all[field] === undefined);
    for (const field of stale) names[`#${field}`] = field;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(message.customerId), sk: keys.message(message.id) },
          UpdateExpression: `SET ${set.join(', ')} REMOVE ${stale.map((field) => `#${field}`).join(', ')}`,
          // New, waiting for its job's next try, or failed with nothing sent: never one that is
          // sending, sent, or may have gone out.
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :queued OR ' +
            '(#status = :failed AND attribute_not_exists(#outcomeUnknown))',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          // The message as it was, for what the last attempt concluded; as it is now follows from it.
          ReturnValues: 'ALL_OLD',
        }),
      );
      const next: Item = { ...Attributes, attempts: Number(Attributes?.attempts ?? 0) + 1 };
      for (const [field, value] of Object.entries(all)) if (value !== undefined) next[field] = value;
      for (const field of stale) delete next[field];
      return {
        claimed: true,
        message: toMessage(next),
        ...(Attributes ? { previous: toMessage(Attributes) } : {}),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getMessage(message.customerId, message.id, { consistent: true });
      return existing ? { claimed: false, existing } : { claimed: false };
    }
  }

  async updateMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options: MessageUpdateOptions = {},
  ): Promise<boolean> {
    return (await this.patchMessage(customerId, messageId, patch, options, 'NONE')) !== undefined;
  }

  async markMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options: MessageUpdateOptions = {},
  ): Promise<MessageRecord | undefined> {
    const item = await this.patchMessage(customerId, messageId, patch, options, 'ALL_NEW');
    return item && toMessage(item);
  }

  /** The conditional update both answer with: the item as `returnValues` asks (undefined: nothing changed). */
  private async patchMessage(
    customerId: string,
    messageId: string,
    patch: MessagePatch,
    options: MessageUpdateOptions,
    returnValues: 'NONE' | 'ALL_NEW',
  ): Promise<Item | undefined> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return undefined;
    const names: Record<string, string> = Object.fromEntries(entries.map(([field]) => [`#${field}`, field]));
    const values: Item = Object.fromEntries(entries.map(([field, value]) => [`:${field}`, value]));
    const conditions = ['attribute_exists(pk)'];
    if (options.onlyIfUnset) {
      names['#unset'] = options.onlyIfUnset;
      conditions.push('attribute_not_exists(#unset)');
    }
    if (options.onlyIfDeliveryBelow) {
      const below = deliveryStatuses.slice(0, deliveryStatuses.indexOf(options.onlyIfDeliveryBelow));
      names['#delivery'] = 'delivery';
      if (below.length === 0) {
        conditions.push('attribute_not_exists(#delivery)');
      } else {
        names['#deliveryStatus'] = 'status';
        below.forEach((status, i) => {
          values[`:below${i}`] = status;
        });
        const ranked = below.map((_, i) => `:below${i}`).join(', ');
        conditions.push(`(attribute_not_exists(#delivery) OR #delivery.#deliveryStatus IN (${ranked}))`);
      }
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
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(customerId), sk: keys.message(messageId) },
          UpdateExpression: `SET ${entries.map(([field]) => `#${field} = :${field}`).join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: returnValues,
        }),
      );
      return Attributes ?? {};
    } catch (error) {
      // With a condition of the caller's, a failed one means the message was not as expected (or is gone).
      const conditional = options.onlyIfUnset || options.onlyIfDeliveryBelow || options.expect;
      if (conditional && isConditionFailure(error)) return undefined;
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
    return ref ? this.getMessage(customerIdOf(ref.gsi1sk as string), messageId) : undefined;
  }

  async getMessage(
    customerId: string,
    messageId: string,
    options: { consistent?: boolean } = {},
  ): Promise<MessageRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(customerId), sk: keys.message(messageId) },
        ...(options.consistent ? { ConsistentRead: true } : {}),
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

  async getEntry<T extends FiledEntry['type']>(ref: {
    type: T;
    customerId: string;
    id: string;
  }): Promise<Omit<Extract<FiledEntry, { type: T }>, 'type'> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.customer(ref.customerId), sk: entryKey(ref) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...fields } = Item;
    return fields as Omit<Extract<FiledEntry, { type: T }>, 'type'>;
  }

  async setTaskStatus(
    customerId: string,
    taskId: string,
    status: TaskStatus,
    at: Date,
  ): Promise<TaskRecord | undefined> {
    const key = { pk: keys.customer(customerId), sk: keys.task(taskId) };
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression:
            status === 'done' ? 'SET #status = :status, doneAt = :at' : 'SET #status = :status REMOVE doneAt',
          // Only a change: a repeated done keeps the first doneAt.
          ConditionExpression: 'attribute_exists(pk) AND #status <> :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ...(status === 'done' ? { ':at': at.toISOString() } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toTask(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return Item ? toTask(Item) : undefined;
    }
  }
}

function toTask(item: Item): TaskRecord {
  const { pk: _pk, sk: _sk, ...task } = item;
  return task as unknown as TaskRecord;
}

/** Only the draft's own fields: a full record passed in must not set its attempt's outcome. */
function draftFields(message: DraftMessage): DraftMessage {
  const { id, customerId, channel, to, replyTo, subject, text, rule, occurrence, template, locale, at, by } =
    message;
  return { id, customerId, channel, to, replyTo, subject, text, rule, occurrence, template, locale, at, by };
}

function entryKey(entry: { type: FiledEntry['type']; id: string }): string {
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
