import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../../core/errors';
import type { InboxEntry, InboxRepo } from '../index';
import { keys } from './keys';

const encode = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');

function decode(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[01]#\d{4}-\d\d-\d\dT[^#]+#.+$/.test(sk)) {
    throw new ValidationError('invalid inbox request: cursor: not a cursor the inbox returned', [
      { path: 'cursor', message: 'not a cursor the inbox returned' },
    ]);
  }
  return sk;
}

const inboxKey = (entry: Pick<InboxEntry, 'id' | 'kind' | 'at' | 'untrusted'>) =>
  keys.inboxEntry(entry.kind === 'complaint' && !entry.untrusted, entry.at, entry.id);

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
          sk: inboxKey(entry),
          ...entry,
          expiresAt: Math.floor(Date.parse(entry.at) / 1000) + INBOX_DAYS * 86_400,
        },
      }),
    );
  }

  async remove(reply: Pick<InboxEntry, 'id' | 'kind' | 'at' | 'untrusted'>): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.inbox, sk: inboxKey(reply) } }),
    );
  }

  async recent(limit: number, after?: string): Promise<{ replies: InboxEntry[]; next?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.inbox },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { pk: keys.inbox, sk: decode(after) } } : {}),
      }),
    );
    return {
      replies: Items.map(({ pk: _pk, sk: _sk, expiresAt: _e, ...entry }) => entry as InboxEntry),
      ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey.sk as string) } : {}),
    };
  }
}
