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

type Key = { pk: string; sk: string };

/** BatchGetItem's most keys per request. */
const BATCH_GET_LIMIT = 100;

/**
 * Every item of `keys` that exists, read in requests of 100 keys, unprocessed
 * keys asked again until none are left (DynamoDB may return part of a batch).
 * @example const items = await batchGetItems(db, table, ids.map((id) => ({ pk: `C#${id}`, sk: '#PROFILE' })));
 */
export async function batchGetItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
    let request: Record<string, { Keys: Key[]; ConsistentRead?: boolean }> | undefined = {
      [tableName]: {
        Keys: unique.slice(i, i + BATCH_GET_LIMIT),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      },
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
