import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { InboxEntry, InboxRepo } from '../index';
import { decodeCursor, encodeCursor as encode } from './cursors';
import { keys } from './keys';

const decode = (cursor: string) =>
  decodeCursor(cursor, (sk) => /^[01]#\d{4}-\d\d-\d\dT[^#]+#.+$/.test(sk), {
    request: 'inbox request',
    list: 'the inbox',
  });

const inboxKey = (entry: Pick<InboxEntry, 'id' | 'kind' | 'at' | 'untrusted'>) =>
  keys.inboxEntry(entry.kind === 'complaint' && !entry.untrusted, entry.at, entry.id);

/** How long a reply stays in the inbox; the customer's timeline keeps it for good. */
const INBOX_DAYS = 180;

/**
 * The inbox as one partition (`INBOX`), sorted by `<1 complaint | 0 other>#<at>#<id>`
 * and read backwards, so complaints come first and each part newest first.
 * Replies are rare next to sends: one partition takes them easily. Each owner's
 * inbox is a second copy under `INBOX#<owner email>`, read the same way.
 */
export class DynamoInboxRepo implements InboxRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async file(entry: InboxEntry): Promise<void> {
    const partitions = [keys.inbox, ...(entry.ownerEmail ? [keys.ownerInbox(entry.ownerEmail)] : [])];
    for (const pk of partitions) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk,
            sk: inboxKey(entry),
            ...entry,
            expiresAt: Math.floor(Date.parse(entry.at) / 1000) + INBOX_DAYS * 86_400,
          },
        }),
      );
    }
  }

  async remove(reply: Pick<InboxEntry, 'id' | 'kind' | 'at' | 'untrusted' | 'ownerEmail'>): Promise<void> {
    const partitions = [keys.inbox, ...(reply.ownerEmail ? [keys.ownerInbox(reply.ownerEmail)] : [])];
    for (const pk of partitions) {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk: inboxKey(reply) } }));
    }
  }

  async recent(
    limit: number,
    after?: string,
    owner?: string,
  ): Promise<{ replies: InboxEntry[]; next?: string }> {
    const pk = owner === undefined ? keys.inbox : keys.ownerInbox(owner);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { pk, sk: decode(after) } } : {}),
      }),
    );
    return {
      replies: Items.map(({ pk: _pk, sk: _sk, expiresAt: _e, ...entry }) => entry as InboxEntry),
      ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey.sk as string) } : {}),
    };
  }
}
