import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CampaignSpec } from '../../../core/campaigns/campaign';
import {
  type CampaignCounts,
  type FanOutCounter,
  fanOutCounters,
  type SendCounter,
  sendCounters,
  zeroCounts,
} from '../../../core/campaigns/campaign-progress';
import { NotFoundError } from '../../../core/errors';
import type { CampaignRecord, CampaignRepo } from '../index';
import { DynamoRedemptions } from './campaign-redemptions';
import { DynamoSendLists, marksOf } from './campaign-send-lists';
import { batchGetItems, isConditionFailure } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

const number = (value: unknown) => (typeof value === 'number' ? value : 0);

function toCampaign(item: Item): CampaignRecord {
  return {
    spec: item.spec as CampaignSpec,
    pages: number(item.pages),
    counts: Object.fromEntries(fanOutCounters.map((c) => [c, number(item[c])])) as Record<
      FanOutCounter,
      number
    >,
    ...(typeof item.cursor === 'string' ? { cursor: item.cursor } : {}),
    ...(typeof item.fannedOutAt === 'string' ? { fannedOutAt: item.fannedOutAt } : {}),
    ...(typeof item.cancelledAt === 'string' ? { cancelledAt: item.cancelledAt } : {}),
    ...(typeof item.completedAt === 'string' ? { completedAt: item.completedAt } : {}),
    sendLists: marksOf(item),
  };
}

const encode = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
const decode = (token: string) => JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Item;

/**
 * One partition per campaign: the campaign item (spec, fan-out cursor and
 * counts), its send counters spread over a few shard items so a busy
 * campaign's fires do not all write one item, and one item per redemption.
 * The campaign list is gsi1 under `CAMPAIGNS`, newest first.
 */
export class DynamoCampaignRepo implements CampaignRepo {
  private readonly sendLists: DynamoSendLists;
  private readonly redemptions: DynamoRedemptions;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.sendLists = new DynamoSendLists(db, tableName);
    this.redemptions = new DynamoRedemptions(db, tableName);
  }

  private key(id: string, sk: string = keys.campaignItem) {
    return { pk: keys.campaign(id), sk };
  }

  async create(spec: CampaignSpec): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(spec.id),
            gsi1pk: keys.campaignList,
            gsi1sk: `${spec.createdAt}#${spec.id}`,
            spec,
            pages: 0,
            ...Object.fromEntries(fanOutCounters.map((c) => [c, 0])),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<CampaignRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(id), ConsistentRead: true }),
    );
    return Item ? toCampaign(Item) : undefined;
  }

  async list(limit: number, after?: string): Promise<{ campaigns: CampaignRecord[]; next?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :list',
        ExpressionAttributeValues: { ':list': keys.campaignList },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: decode(after) } : {}),
      }),
    );
    const byPk = new Map<string, CampaignRecord>();
    const found = await batchGetItems(
      this.db,
      this.tableName,
      Items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
    );
    for (const item of found) byPk.set(item.pk as string, toCampaign(item));
    const campaigns = Items.map((item) => byPk.get(item.pk as string)).filter(
      (c): c is CampaignRecord => !!c,
    );
    return { campaigns, ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey) } : {}) };
  }

  async savePage(
    id: string,
    from: string | undefined,
    to: string | undefined,
    counts: Record<FanOutCounter, number>,
    at: Date,
    minutes: readonly string[] = [],
  ): Promise<boolean> {
    const adds = ['pages :one', ...fanOutCounters.map((c) => `#${c} :${c}`)];
    if (minutes.length > 0) adds.push('sendMinutes :minutes');
    // A page may file under a minute only while the send job has not closed the lists through it.
    const open = 'AND (attribute_not_exists(listsClosedThrough) OR listsClosedThrough < :first)';
    const first = [...minutes].sort()[0];
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(id),
          UpdateExpression: to
            ? `SET #cursor = :to ADD ${adds.join(', ')}`
            : `SET fannedOutAt = :at ADD ${adds.join(', ')} REMOVE #cursor`,
          // The cursor is the page's claim: a second run of the same page finds it moved and saves nothing.
          ConditionExpression: `${
            from
              ? '#cursor = :from'
              : 'attribute_exists(pk) AND attribute_not_exists(#cursor) AND attribute_not_exists(fannedOutAt)'
          } ${first ? open : ''}`,
          ExpressionAttributeNames: {
            '#cursor': 'cursor',
            ...Object.fromEntries(fanOutCounters.map((c) => [`#${c}`, c])),
          },
          ExpressionAttributeValues: {
            ':one': 1,
            ...Object.fromEntries(fanOutCounters.map((c) => [`:${c}`, counts[c]])),
            ...(to ? { ':to': to } : { ':at': at.toISOString() }),
            ...(from ? { ':from': from } : {}),
            ...(first ? { ':first': first, ':minutes': new Set(minutes) } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  fileOnSendLists(
    id: string,
    page: number,
    lists: ReadonlyMap<string, readonly string[]>,
    expiresAt: Date,
  ): Promise<void> {
    return this.sendLists.file(id, page, lists, expiresAt);
  }

  sendListRecipients(id: string, minutes: readonly string[]): Promise<string[]> {
    return this.sendLists.recipients(id, minutes);
  }

  closeSendLists(id: string, from: string | undefined, through: string): Promise<boolean> {
    return this.sendLists.close(id, from, through);
  }

  async markSendListsSent(id: string, through: string, cancelled = 0): Promise<CampaignRecord | undefined> {
    const item = await this.sendLists.markSent(id, through, cancelled);
    return item ? toCampaign(item) : this.get(id);
  }

  removeFromSendLists(id: string, customerId: string): Promise<number> {
    return this.sendLists.remove(id, customerId);
  }

  anonymiseRedemptions(id: string, customerId: string, hash: (part: string) => string): Promise<number> {
    return this.redemptions.anonymise(id, customerId, hash);
  }

  recordRedemption(
    id: string,
    entry: { customerId: string; code: string; dealId: string; at: string; status: 'redeemed' | 'expired' },
  ): Promise<boolean> {
    return this.redemptions.record(id, entry);
  }

  async markCompleted(id: string, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(id),
          UpdateExpression: 'SET completedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async cancel(id: string, at: Date): Promise<CampaignRecord> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(id),
          UpdateExpression: 'SET cancelledAt = if_not_exists(cancelledAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toCampaign(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError(`campaign ${id} not found`, { cause: error });
      throw error;
    }
  }

  async count(id: string, shard: number, counts: Partial<Record<SendCounter, number>>): Promise<void> {
    const changes = Object.entries(counts).filter(([, n]) => n !== undefined && n !== 0);
    if (changes.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(id, keys.campaignCounter(shard)),
        UpdateExpression: `ADD ${changes.map(([c]) => `#${c} :${c}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(changes.map(([c]) => [`#${c}`, c])),
        ExpressionAttributeValues: Object.fromEntries(changes.map(([c, n]) => [`:${c}`, n])),
      }),
    );
  }

  async counts(id: string): Promise<CampaignCounts> {
    const counts: CampaignCounts = { ...zeroCounts };
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        // The send lists sort last in the partition and hold no counts.
        KeyConditionExpression: 'pk = :pk AND sk < :lists',
        ExpressionAttributeValues: { ':pk': keys.campaign(id), ':lists': keys.campaignSendListFloor },
        ProjectionExpression: ['sk', ...fanOutCounters, ...sendCounters].map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(
          ['sk', ...fanOutCounters, ...sendCounters].map((name, i) => [`#a${i}`, name]),
        ),
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const sk = item.sk as string;
        if (sk.startsWith('RDM#')) counts.redeemed++;
        else if (sk.startsWith('RDX#')) counts.expiredCodes++;
        else {
          // The campaign item holds the fan-out's counts and what a cancel withdrew from the lists.
          const counters =
            sk === keys.campaignItem ? [...fanOutCounters, 'cancelled' as const] : sendCounters;
          for (const c of counters) counts[c] += number(item[c]);
        }
      }
    }
    return counts;
  }
}
