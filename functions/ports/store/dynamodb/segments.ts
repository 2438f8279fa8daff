import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { SegmentFilter } from '../../../core/campaigns/segment';
import type { SegmentRecord, SegmentRepo } from '../index';
import { isConditionFailure } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

function toSegment(item: Item): SegmentRecord {
  return {
    id: item.id as string,
    name: item.name as string,
    filter: item.filter as SegmentFilter,
    createdAt: item.createdAt as string,
  };
}

/** Saved segments, all in one small partition: a business has tens of them, not millions. */
export class DynamoSegmentRepo implements SegmentRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(segment: SegmentRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.segments, sk: keys.segment(segment.id), ...segment },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<SegmentRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.segments, sk: keys.segment(id) } }),
    );
    return Item ? toSegment(Item) : undefined;
  }

  async list(): Promise<SegmentRecord[]> {
    const segments: SegmentRecord[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.segments },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) segments.push(toSegment(item));
    return segments.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
