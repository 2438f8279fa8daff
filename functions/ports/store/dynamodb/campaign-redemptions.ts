import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './client';
import { keys } from './keys';

const key = (id: string, sk: string) => ({ pk: keys.campaign(id), sk });

/** A campaign's redemptions, one item each in its partition: `RDM#<customer>`, `RDX#<customer>#<deal>`. */
export class DynamoRedemptions {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async anonymise(id: string, customerId: string, hash: (part: string) => string): Promise<number> {
    const Items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rd)',
        // Both kinds: RDM#<customer> and RDX#<customer>#<deal>; the filter keeps the customer's own.
        FilterExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':pk': keys.campaign(id), ':rd': 'RD', ':customer': customerId },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) Items.push(...(page.Items ?? []));
    for (const item of Items) {
      const sk = item.sk as string;
      // Counted by its key's kind (RDM#, RDX#): the count stays, whose it was goes.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(id, `${sk.slice(0, 4)}~${hash(sk)}`) },
        }),
      );
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key(id, sk) }));
    }
    return Items.length;
  }

  async record(
    id: string,
    entry: { customerId: string; code: string; dealId: string; at: string; status: 'redeemed' | 'expired' },
  ): Promise<boolean> {
    const sk =
      entry.status === 'redeemed'
        ? keys.redemption(entry.customerId)
        : keys.expiredCode(entry.customerId, entry.dealId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(id, sk), ...entry },
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
