import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import {
  type ContentKey,
  type ContentVersion,
  contentKeyId,
  type StoredContent,
} from '../../../core/content/content-versions';
import type { ContentRepo } from '../content';
import { isConditionFailure } from './client';
import { keys } from './keys';
import { bumpLiveVersion } from './live-versions';

type Item = Record<string, unknown>;

function toVersion(item: Item): ContentVersion {
  return {
    version: item.version as number,
    at: item.at as string,
    ...(typeof item.by === 'string' ? { by: item.by } : {}),
    ...(typeof item.byName === 'string' ? { byName: item.byName } : {}),
    ...(typeof item.note === 'string' ? { note: item.note } : {}),
    ...(typeof item.fileDigest === 'string' ? { fileDigest: item.fileDigest } : {}),
    content: item.content as ContentVersion['content'],
  };
}

/**
 * Content versions on the single table: each source or rule has a partition
 * of versions (`CONTENT#<key>`, `V#<n>` zero-padded so they sort), and a
 * current item under the one `CONTENT` partition, so the live set is one query.
 */
export class DynamoContentRepo implements ContentRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async live(): Promise<StoredContent[]> {
    const live: StoredContent[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contentLive },
        // Read straight after a save in this container: it must see the save.
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) live.push({ ...toVersion(item), key: item.key as ContentKey });
    }
    return live;
  }

  async current(key: ContentKey): Promise<ContentVersion | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.contentLive, sk: keys.contentCurrent(contentKeyId(key)) },
        ConsistentRead: true,
      }),
    );
    return Item ? toVersion(Item) : undefined;
  }

  async history(key: ContentKey): Promise<ContentVersion[]> {
    const versions: ContentVersion[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contentVersions(contentKeyId(key)) },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) versions.push(toVersion(item));
    return versions;
  }

  async save(key: ContentKey, version: ContentVersion): Promise<'saved' | 'conflict'> {
    const id = contentKeyId(key);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.contentVersions(id),
            sk: keys.contentVersion(version.version),
            key,
            ...version,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.contentVersions(id), sk: keys.contentVersion(version.version) },
          ConsistentRead: true,
        }),
      );
      if (Item) await this.publish(key, toVersion(Item));
      return 'conflict';
    }
    await this.publish(key, version);
    return 'saved';
  }

  /**
   * Makes `version` current and moves the live version after it. A save that
   * died between the two is mended here by the next save of the same key
   * (a conflict), as is one that died before the current item moved.
   */
  private async publish(key: ContentKey, version: ContentVersion): Promise<void> {
    await this.advanceCurrent(key, version);
    await bumpLiveVersion(this.db, this.tableName, 'content');
  }

  /** Replaces the current item with `version` unless it is there or further already. */
  private async advanceCurrent(key: ContentKey, version: ContentVersion): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.contentLive, sk: keys.contentCurrent(contentKeyId(key)), key, ...version },
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': version.version },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
