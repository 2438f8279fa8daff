import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
export type ItemKey = { pk: string; sk: string };

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;

/**
 * The items at `keys`, in batches of 100, unprocessed keys asked for again;
 * missing ones are left out, the order is DynamoDB's.
 * @example const items = await batchGet(db, table, [{ pk: 'C#c-1', sk: '#PROFILE' }]);
 */
export async function batchGet(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
    let request: Record<string, { Keys: Item[] }> | undefined = {
      [tableName]: { Keys: keys.slice(i, i + BATCH_GET_LIMIT) },
    };
    while (request && Object.keys(request).length > 0) {
      const { Responses = {}, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: request }),
      );
      found.push(...(Responses[tableName] ?? []));
      request = UnprocessedKeys as typeof request;
    }
  }
  return found;
}

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
