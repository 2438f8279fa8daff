import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A document client that drops undefined fields, as every repository expects. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

type Key = Record<string, unknown>;

/** BatchGetItem's most keys per call. */
const BATCH_GET_LIMIT = 100;

/**
 * The items at `itemKeys` (those that exist), 100 keys a call, unprocessed
 * keys asked again until none is left; in no particular order.
 * @example const items = await batchGetItems(db, 'nurture', [{ pk: 'AUDIT', sk: '…' }]);
 */
export async function batchGetItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly Key[],
): Promise<Key[]> {
  const items: Key[] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_GET_LIMIT) {
    let request: Record<string, { Keys: Key[] }> | undefined = {
      [tableName]: { Keys: itemKeys.slice(i, i + BATCH_GET_LIMIT) },
    };
    while (request && Object.keys(request).length > 0) {
      const { Responses = {}, UnprocessedKeys } = await db.send(
        new BatchGetCommand({ RequestItems: request }),
      );
      items.push(...(Responses[tableName] ?? []));
      request = UnprocessedKeys as typeof request;
    }
  }
  return items;
}
