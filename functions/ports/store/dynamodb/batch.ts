import { BatchWriteCommand, type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
export type ItemKey = { pk: string; sk: string };

const BATCH_WRITE_LIMIT = 25;

export type WriteRequest = { DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } };

/** Sends `requests` 25 a BatchWriteItem, the unprocessed ones again until none are left. */
export async function batchWrite(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH_WRITE_LIMIT) {
    let request: Record<string, WriteRequest[]> | undefined = {
      [tableName]: requests.slice(i, i + BATCH_WRITE_LIMIT),
    };
    while (request && Object.keys(request).length > 0) {
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: request }));
      request = UnprocessedItems as typeof request;
    }
  }
}

/** Deletes the items at `keys`, 25 a request, unprocessed ones again; deleting what is gone is harmless. */
export function batchDelete(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
): Promise<void> {
  return batchWrite(
    db,
    tableName,
    keys.map((key) => ({ DeleteRequest: { Key: key } })),
  );
}

/** Puts `items` (each replacing the item under its key), 25 a request, unprocessed ones again. */
export function batchPut(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
): Promise<void> {
  return batchWrite(
    db,
    tableName,
    items.map((item) => ({ PutRequest: { Item: item } })),
  );
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
