import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditQuery, AuditRepo } from '../audit';
import { batchGetItems } from './client';
import { decodeCursor, encodeCursor as encode } from './cursors';
import { keys } from './keys';

type Item = Record<string, unknown>;

const SORT_KEY = /^\d{4}-\d\d-\d\dT[\d:.]+Z#[\w.:-]+$/;

const decode = (cursor: string) =>
  decodeCursor(cursor, (sk) => SORT_KEY.test(sk), { request: 'audit request', list: 'the audit trail' });

function toEntry({
  pk: _pk,
  sk: _sk,
  gsi1pk: _a,
  gsi1sk: _b,
  gsi2pk: _c,
  gsi2sk: _d,
  ...entry
}: Item): AuditEntry {
  return entry as unknown as AuditEntry;
}

/** Pages read at most per call when both `by` and `target` are given (the target's index, sifted by actor). */
const SIFT_PAGES = 5;

/**
 * The trail in one partition (`AUDIT`, sorted by `<at>#<id>`), the same items
 * in gsi1 under `AUDITBY#<actor>` and in gsi2 under `AUDITOF#<target>`: one
 * write per change, and each way of reading it one Query (the indexes hold
 * keys only, so their pages are fetched with one BatchGet).
 */
export class DynamoAuditRepo implements AuditRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const sk = keys.auditEntry(entry.at, entry.id);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.audit,
          sk,
          gsi1pk: keys.auditBy(entry.by),
          gsi1sk: sk,
          gsi2pk: keys.auditOf(entry.target),
          gsi2sk: sk,
          ...entry,
        },
      }),
    );
  }

  async list(
    query: AuditQuery,
    limit: number,
    after?: string,
  ): Promise<{ entries: AuditEntry[]; next?: string }> {
    let start = after ? decode(after) : undefined;
    if (query.target === undefined && query.by === undefined) {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.audit },
          ScanIndexForward: false,
          Limit: limit,
          ...(start ? { ExclusiveStartKey: { pk: keys.audit, sk: start } } : {}),
        }),
      );
      return {
        entries: Items.map(toEntry),
        ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey.sk as string) } : {}),
      };
    }
    const [index, hash] =
      query.target !== undefined
        ? (['gsi2', keys.auditOf(query.target)] as const)
        : (['gsi1', keys.auditBy(query.by!)] as const);
    const entries: AuditEntry[] = [];
    for (let page = 0; page < SIFT_PAGES && entries.length < limit; page++) {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :hash`,
          ExpressionAttributeValues: { ':hash': hash },
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ...(start
            ? {
                ExclusiveStartKey: { pk: keys.audit, sk: start, [`${index}pk`]: hash, [`${index}sk`]: start },
              }
            : {}),
        }),
      );
      const found = await batchGetItems(
        this.db,
        this.tableName,
        Items.map((item) => ({ pk: item.pk, sk: item.sk })),
      );
      const page_ = found
        .map(toEntry)
        .filter((entry) => query.by === undefined || entry.by === query.by)
        .sort((a, b) => keys.auditEntry(b.at, b.id).localeCompare(keys.auditEntry(a.at, a.id)));
      entries.push(...page_);
      start = LastEvaluatedKey?.sk as string | undefined;
      if (!start) break;
    }
    return { entries, ...(start ? { next: encode(start) } : {}) };
  }
}
