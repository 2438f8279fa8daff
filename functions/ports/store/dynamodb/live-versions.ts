import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LiveVersions } from '../fire-reads';
import { keys } from './keys';

/**
 * Moves one of the live versions, after the change it stands for has landed:
 * a reader that saw the old number and then read the list has the change or an
 * older list, and the new number makes it read again. A process that dies in
 * between leaves readers on their copy until its age runs out
 * (core/caching/live-copy.ts `LIVE_VERSION_MAX_AGE_MS`).
 */
export async function bumpLiveVersion(
  db: DynamoDBDocumentClient,
  tableName: string,
  part: keyof LiveVersions,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.liveVersions,
      UpdateExpression: 'ADD #part :one',
      ExpressionAttributeNames: { '#part': part },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

/** The versions an item holds; nothing changed yet reads as 0. */
export function liveVersionsOf(item: Record<string, unknown> | undefined): LiveVersions {
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  return { content: number(item?.content), hooks: number(item?.hooks) };
}
