import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SessionHolder, SessionRecord, SessionRepo } from '../sessions';
import { keys } from './keys';

/** One item per console session (`SESSION#<token hash>`), deleted by TTL once it has ended. */
export class DynamoSessionRepo implements SessionRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(session: SessionRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.session(session.tokenHash),
          sk: 'SESSION',
          holder: session.holder,
          createdAt: session.createdAt,
          endsAt: session.expiresAt,
          expiresAt: Math.floor(Date.parse(session.expiresAt) / 1000),
        },
      }),
    );
  }

  async get(tokenHash: string, now: Date): Promise<SessionRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.session(tokenHash), sk: 'SESSION' },
        // A sign-out is final at once: never read a copy from before it.
        ConsistentRead: true,
      }),
    );
    if (!Item || Date.parse(Item.endsAt as string) <= now.getTime()) return undefined;
    return {
      tokenHash,
      holder: Item.holder as SessionHolder,
      createdAt: Item.createdAt as string,
      expiresAt: Item.endsAt as string,
    };
  }

  async remove(tokenHash: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.session(tokenHash), sk: 'SESSION' } }),
    );
  }
}
