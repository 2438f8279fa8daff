import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { InboxEntry, InboxRepo } from '../index';
import { keys } from './keys';

/** How long a reply stays in the inbox; the customer's timeline keeps it for good. */
const INBOX_DAYS = 180;

/**
 * The inbox as one partition (`INBOX`), sorted by `<1 complaint | 0 other>#<at>#<id>`
 * and read backwards, so complaints come first and each part newest first.
 * Replies are rare next to sends: one partition takes them easily.
 */
export class DynamoInboxRepo implements InboxRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async file(entry: InboxEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.inbox,
          sk: keys.inboxEntry(entry.kind === 'complaint', entry.at, entry.id),
          ...entry,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + INBOX_DAYS * 86_400,
        },
      }),
    );
  }

  async recent(limit: number): Promise<InboxEntry[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.inbox },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(({ pk: _pk, sk: _sk, expiresAt: _e, ...entry }) => entry as InboxEntry);
  }
}
