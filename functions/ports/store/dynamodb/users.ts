import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LinkPurpose, UserRecord } from '../../../core/team/users';
import type { UserChange, UserRepo } from '../users';
import { isConditionFailure } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

const USER_FIELDS = [
  'id',
  'email',
  'name',
  'role',
  'locale',
  'createdAt',
  'updatedAt',
  'passwordHash',
  'passwordSetAt',
  'sessionEpoch',
  'link',
] as const;

function toUser(item: Item): UserRecord {
  return Object.fromEntries(
    USER_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as UserRecord;
}

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Users and their email claims in the one `USERS` partition (`USER#<id>`,
 * `EMAIL#<email>`), and each outstanding link's pointer `LINK#<token hash>`.
 * No transactions: a claim is written before its user and checked against it,
 * so a create or an email change that stopped half-way is taken over by the next.
 */
export class DynamoUserRepo implements UserRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async getItem(key: Item): Promise<Item | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Claims `email` for `userId`: a claim of a user that no longer exists is taken over. */
  private async claimEmail(email: string, userId: string): Promise<boolean> {
    const key = { pk: keys.users, sk: keys.userEmail(email) };
    for (let attempt = 0; attempt < 3; attempt++) {
      const claim = await this.getItem(key);
      if (claim?.userId === userId) return true;
      if (claim && (await this.get(claim.userId as string))) return false;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, userId },
            ...(claim
              ? { ConditionExpression: 'userId = :was', ExpressionAttributeValues: { ':was': claim.userId } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return false;
  }

  private async releaseEmail(email: string, userId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: keys.users, sk: keys.userEmail(email) },
          ConditionExpression: 'userId = :id',
          ExpressionAttributeValues: { ':id': userId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async create(user: UserRecord): Promise<'created' | 'email-taken'> {
    if (!(await this.claimEmail(user.email, user.id))) return 'email-taken';
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.users, sk: keys.user(user.id), ...user },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // The same id again: a retry of this very create.
      if (!isConditionFailure(error)) throw error;
    }
    return 'created';
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const item = await this.getItem({ pk: keys.users, sk: keys.user(id) });
    return item ? toUser(item) : undefined;
  }

  async byEmail(email: string): Promise<UserRecord | undefined> {
    const claim = await this.getItem({ pk: keys.users, sk: keys.userEmail(email) });
    if (!claim) return undefined;
    const user = await this.get(claim.userId as string);
    return user?.email === email.toLowerCase() ? user : undefined;
  }

  async list(): Promise<UserRecord[]> {
    const users: UserRecord[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :user)',
        ExpressionAttributeValues: { ':pk': keys.users, ':user': keys.user('') },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) users.push(toUser(item));
    return users.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.email.localeCompare(b.email));
  }

  async update(id: string, change: UserChange, at: Date): Promise<UserRecord | 'email-taken' | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    const newEmail = change.email !== undefined && change.email !== current.email ? change.email : undefined;
    if (newEmail && !(await this.claimEmail(newEmail, id))) return 'email-taken';
    const fields = (['email', 'name', 'role', 'locale'] as const).filter((f) => change[f] !== undefined);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.users, sk: keys.user(id) },
          UpdateExpression: [
            `SET updatedAt = :at${fields.map((f) => `, #${f} = :${f}`).join('')}`,
            change.endSessions ? ', sessionEpoch = sessionEpoch + :one' : '',
          ].join(''),
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ...Object.fromEntries(fields.map((f) => [`:${f}`, change[f]])),
            ...(change.endSessions ? { ':one': 1 } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (newEmail) await this.releaseEmail(current.email, id);
      return toUser(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return undefined;
    }
  }

  async remove(id: string): Promise<boolean> {
    const current = await this.get(id);
    if (!current) return false;
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.users, sk: keys.user(id) } }),
    );
    await this.releaseEmail(current.email, id);
    if (current.link) await this.dropPointer(current.link.tokenHash);
    return true;
  }

  private async dropPointer(tokenHash: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.link(tokenHash), sk: 'LINK' } }),
    );
  }

  async issueLink(
    id: string,
    link: { tokenHash: string; purpose: LinkPurpose; expiresAt: Date },
  ): Promise<boolean> {
    const current = await this.get(id);
    if (!current) return false;
    // The pointer first: a user updated without one could not be found by the link.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.link(link.tokenHash),
          sk: 'LINK',
          userId: id,
          expiresAt: epochSeconds(link.expiresAt),
        },
      }),
    );
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.users, sk: keys.user(id) },
          UpdateExpression: 'SET #link = :link',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#link': 'link' },
          ExpressionAttributeValues: {
            ':link': {
              tokenHash: link.tokenHash,
              purpose: link.purpose,
              expiresAt: link.expiresAt.toISOString(),
            },
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await this.dropPointer(link.tokenHash);
      return false;
    }
    if (current.link && current.link.tokenHash !== link.tokenHash)
      await this.dropPointer(current.link.tokenHash);
    return true;
  }

  async linkHolder(tokenHash: string): Promise<string | undefined> {
    const pointer = await this.getItem({ pk: keys.link(tokenHash), sk: 'LINK' });
    return typeof pointer?.userId === 'string' ? pointer.userId : undefined;
  }

  async setPassword(
    id: string,
    tokenHash: string,
    passwordHash: string,
    at: Date,
  ): Promise<UserRecord | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.users, sk: keys.user(id) },
          UpdateExpression:
            'SET passwordHash = :hash, passwordSetAt = :at, updatedAt = :at, sessionEpoch = sessionEpoch + :one REMOVE #link',
          ConditionExpression: '#link.tokenHash = :token AND #link.expiresAt > :at',
          ExpressionAttributeNames: { '#link': 'link' },
          ExpressionAttributeValues: {
            ':hash': passwordHash,
            ':at': at.toISOString(),
            ':one': 1,
            ':token': tokenHash,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      await this.dropPointer(tokenHash);
      return toUser(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return undefined;
    }
  }
}
