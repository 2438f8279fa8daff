import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasureRepo } from '../index';
import { batchDelete, partitionItems } from './batch';
import { isConditionFailure } from './client';
import { keys } from './keys';

/** The customer's partition, and `ERASED#<id hash>` / `ERASED` for the note of an erasure. */
export class DynamoErasureRepo implements ErasureRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async forgetCustomer(customerId: string): Promise<number> {
    const items = await partitionItems(this.db, this.tableName, keys.customer(customerId));
    const all = items.map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
    await batchDelete(this.db, this.tableName, [
      ...all.filter((key) => key.sk !== keys.profile),
      ...all.filter((key) => key.sk === keys.profile),
    ]);
    return all.length;
  }

  async renameInReferrerMessages(
    referrerId: string,
    customerId: string,
    replacement: string,
  ): Promise<number> {
    const items = await partitionItems(this.db, this.tableName, keys.customer(referrerId));
    const suffix = `:${customerId}`;
    const about = items.filter(
      (item) => (item.sk as string).startsWith(keys.message('')) && String(item.occurrence).endsWith(suffix),
    );
    for (const item of about) {
      const occurrence = String(item.occurrence);
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET occurrence = :renamed',
          ExpressionAttributeValues: {
            ':renamed': `${occurrence.slice(0, -customerId.length)}${replacement}`,
          },
        }),
      );
    }
    return about.length;
  }

  async clearReferrer(referredId: string, referrerId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(referredId), sk: keys.profile },
          UpdateExpression: 'REMOVE customer.referredBy',
          ConditionExpression: 'customer.referredBy = :referrer',
          ExpressionAttributeValues: { ':referrer': referrerId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async markErased(idHash: string, at: Date): Promise<string> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.erased(idHash), sk: 'ERASED' },
        UpdateExpression: 'SET #at = if_not_exists(#at, :at)',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': at.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.at as string;
  }

  async erasedAt(idHash: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.erased(idHash), sk: 'ERASED' },
        ConsistentRead: true,
      }),
    );
    return Item?.at as string | undefined;
  }
}
