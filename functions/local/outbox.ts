import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { batchDelete } from '../ports/store/dynamodb/batch';
import type { MessageRecord } from '../ports/store/index';

/**
 * One message as it left the engine, for the local harness's `/_local/outbox`:
 * an email with its From, HTML and extra headers (List-Unsubscribe,
 * Auto-Submitted, In-Reply-To…), as sent.
 */
export type OutboxEntry = Pick<
  MessageRecord,
  'id' | 'customerId' | 'channel' | 'to' | 'replyTo' | 'subject' | 'text' | 'rule'
> & { from?: string; html?: string; headers?: Record<string, string>; sentAt: string };

const PARTITION = 'OUTBOX';

/** Orders messages sent at the same (simulated) instant in the order they were sent. */
let sequence = 0;

/** Every email and SMS sent by the local engine, kept in the store across restarts. */
export class Outbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entry: OutboxEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: PARTITION,
          sk: `${entry.sentAt}#${String(sequence++).padStart(9, '0')}#${entry.id}`,
          ...entry,
        },
      }),
    );
  }

  /** Deletes the customer's messages (an erasure); answers how many. */
  async forget(customerId: string): Promise<number> {
    const keys: { pk: string; sk: string }[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':pk': PARTITION, ':customer': customerId },
        ProjectionExpression: 'pk, sk',
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) keys.push({ pk: item.pk as string, sk: item.sk as string });
    await batchDelete(this.db, this.tableName, keys);
    return keys.length;
  }

  async list(customerId?: string): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ...(customerId
          ? {
              FilterExpression: 'customerId = :customer',
              ExpressionAttributeValues: { ':pk': PARTITION, ':customer': customerId },
            }
          : { ExpressionAttributeValues: { ':pk': PARTITION } }),
      },
    );
    for await (const page of pages) {
      for (const { pk: _pk, sk: _sk, ...entry } of page.Items ?? []) entries.push(entry as OutboxEntry);
    }
    return entries;
  }
}
