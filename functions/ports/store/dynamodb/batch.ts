import { BatchWriteCommand, type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
export type ItemKey = { pk: string; sk: string };

const BATCH_WRITE_LIMIT = 25;

/** Deletes the items at `keys`, 25 a request, unprocessed ones again; deleting what is gone is harmless. */
export async function batchDelete(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH_WRITE_LIMIT) {
    let request: Record<string, { DeleteRequest: { Key: Item } }[]> | undefined = {
      [tableName]: keys.slice(i, i + BATCH_WRITE_LIMIT).map((key) => ({ DeleteRequest: { Key: key } })),
    };
    while (request && Object.keys(request).length > 0) {
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: request }));
      request = UnprocessedItems as typeof request;
    }
  }
}

/** Every item of one partition (all attributes), a page at a time, strongly consistent. */
export async function partitionItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
): Promise<Item[]> {
  const items: Item[] = [];
  const pages = paginateQuery(
    { client: db },
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}
