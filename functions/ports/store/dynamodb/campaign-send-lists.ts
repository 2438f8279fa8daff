import { type DynamoDBDocumentClient, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hourOfMinute, minuteAttribute, type SendListMarks } from '../../../core/campaigns/send-lists';
import { isConditionFailure } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

/** The send-list marks kept on the campaign item. */
export function marksOf(item: Item): SendListMarks {
  const minutes = item.sendMinutes instanceof Set ? [...(item.sendMinutes as Set<string>)].sort() : [];
  return {
    minutes,
    ...(typeof item.listsClosedThrough === 'string' ? { closedThrough: item.listsClosedThrough } : {}),
    ...(typeof item.listsSentThrough === 'string' ? { sentThrough: item.listsSentThrough } : {}),
  };
}

function byHour(minutes: Iterable<string>): Map<string, string[]> {
  const hours = new Map<string, string[]>();
  for (const minute of minutes) {
    const hour = hourOfMinute(minute);
    hours.set(hour, [...(hours.get(hour) ?? []), minute]);
  }
  return hours;
}

/**
 * The campaign's send lists, beside its item in its partition: one item per
 * fan-out page and UTC hour, a string set of customer ids per minute.
 */
export class DynamoSendLists {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async file(
    id: string,
    page: number,
    lists: ReadonlyMap<string, readonly string[]>,
    expiresAt: Date,
  ): Promise<void> {
    for (const [hour, minutes] of byHour(lists.keys())) {
      const filled = minutes.filter((m) => (lists.get(m)?.length ?? 0) > 0);
      if (filled.length === 0) continue;
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.campaign(id), sk: keys.campaignSendList(hour, page) },
          UpdateExpression: `SET expiresAt = :expires ADD ${filled.map((_, i) => `#m${i} :m${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(filled.map((m, i) => [`#m${i}`, minuteAttribute(m)])),
          ExpressionAttributeValues: {
            ':expires': Math.floor(expiresAt.getTime() / 1000),
            ...Object.fromEntries(filled.map((m, i) => [`:m${i}`, new Set(lists.get(m))])),
          },
        }),
      );
    }
  }

  async recipients(id: string, minutes: readonly string[]): Promise<string[]> {
    const found = new Set<string>();
    for (const [hour, inHour] of byHour(minutes)) {
      const names = Object.fromEntries(inHour.map((m, i) => [`#m${i}`, minuteAttribute(m)]));
      const pages = paginateQuery(
        { client: this.db },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hour)',
          ExpressionAttributeValues: { ':pk': keys.campaign(id), ':hour': keys.campaignSendListsOf(hour) },
          ExpressionAttributeNames: names,
          ProjectionExpression: Object.keys(names).join(', '),
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          for (const name of Object.values(names)) {
            const ids = item[name];
            if (ids instanceof Set) for (const customerId of ids as Set<string>) found.add(customerId);
          }
        }
      }
    }
    return [...found];
  }

  async close(id: string, from: string | undefined, through: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.campaign(id), sk: keys.campaignItem },
          UpdateExpression: 'SET listsClosedThrough = :through',
          ConditionExpression: from
            ? 'listsClosedThrough = :from'
            : 'attribute_exists(pk) AND attribute_not_exists(listsClosedThrough)',
          ExpressionAttributeValues: { ':through': through, ...(from ? { ':from': from } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markSent(id: string, through: string, cancelled: number): Promise<Item | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.campaign(id), sk: keys.campaignItem },
          UpdateExpression: `SET listsSentThrough = :through${cancelled > 0 ? ' ADD cancelled :cancelled' : ''}`,
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(listsSentThrough) OR listsSentThrough < :through)',
          ExpressionAttributeValues: {
            ':through': through,
            ...(cancelled > 0 ? { ':cancelled': cancelled } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Takes one customer off every list of the campaign (an erasure): how many list items held them. */
  async remove(id: string, customerId: string): Promise<number> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :lists)',
        ExpressionAttributeValues: { ':pk': keys.campaign(id), ':lists': keys.campaignSendListFloor },
        ConsistentRead: true,
      },
    );
    let changed = 0;
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const holding = Object.keys(item).filter(
          (name) =>
            /^m\d\d$/.test(name) && item[name] instanceof Set && (item[name] as Set<string>).has(customerId),
        );
        if (holding.length === 0) continue;
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: `DELETE ${holding.map((_, i) => `#m${i} :id`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(holding.map((name, i) => [`#m${i}`, name])),
            ExpressionAttributeValues: { ':id': new Set([customerId]) },
          }),
        );
        changed++;
      }
    }
    return changed;
  }
}
