import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FailureCount, SignInAttemptRepo } from '../sign-in-attempts';
import { isConditionFailure } from './client';
import { keys } from './keys';

/** One item per counted account or address (`SIGNIN#<key>`), forgotten by TTL. */
export class DynamoSignInAttemptRepo implements SignInAttemptRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(key: string): Promise<FailureCount | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.signInAttempts(key), sk: 'SIGNIN' },
        ConsistentRead: true,
      }),
    );
    return Item
      ? { failures: Item.failures as number, lastFailureAt: Item.lastFailureAt as string }
      : undefined;
  }

  async replace(
    key: string,
    expected: FailureCount | undefined,
    next: FailureCount,
    expiresAt: Date,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.signInAttempts(key),
            sk: 'SIGNIN',
            ...next,
            expiresAt: Math.floor(expiresAt.getTime() / 1000),
          },
          ...(expected
            ? {
                ConditionExpression: 'failures = :failures AND lastFailureAt = :last',
                ExpressionAttributeValues: {
                  ':failures': expected.failures,
                  ':last': expected.lastFailureAt,
                },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.signInAttempts(key), sk: 'SIGNIN' } }),
    );
  }
}
