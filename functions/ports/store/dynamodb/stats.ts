import { type DynamoDBDocumentClient, GetCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ValueHistogram, valueBucket } from '../../../core/tier';
import { type StatsRepo, type TemplateCounter, type TemplateCounts, templateCounters } from '../index';
import { keys } from './keys';

const KEY = { pk: keys.stats, sk: 'VALUE' };
const TEMPLATE_PREFIX = keys.templateStats('');

/**
 * The value histogram as one item: `c<bucket>` customers and `s<bucket>` value
 * per bucket, moved with ADD so concurrent deals never lose an update. Beside
 * it, one item per template (`TPL#<template>`) with its counters, read back
 * with one Query on the `STATS` partition.
 */
export class DynamoStatsRepo implements StatsRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async valueHistogram(): Promise<ValueHistogram> {
    const { Item = {} } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: KEY }));
    const histogram: ValueHistogram = {};
    for (const [name, value] of Object.entries(Item)) {
      const match = /^([cs])(\d+)$/.exec(name);
      if (!match || typeof value !== 'number') continue;
      const bucket = histogram[match[2]!] ?? { count: 0, sum: 0 };
      histogram[match[2]!] = bucket;
      if (match[1] === 'c') bucket.count = value;
      else bucket.sum = value;
    }
    return histogram;
  }

  async moveValue(from: number | undefined, to: number): Promise<void> {
    const adds = new Map<string, number>();
    const add = (name: string, n: number) => adds.set(name, (adds.get(name) ?? 0) + n);
    if (from !== undefined) {
      add(`c${valueBucket(from)}`, -1);
      add(`s${valueBucket(from)}`, -from);
    }
    add(`c${valueBucket(to)}`, 1);
    add(`s${valueBucket(to)}`, to);
    const changes = [...adds].filter(([, n]) => n !== 0);
    if (changes.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: KEY,
        UpdateExpression: `ADD ${changes.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(changes.map(([name], i) => [`#n${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(changes.map(([, n], i) => [`:v${i}`, n])),
      }),
    );
  }

  async countTemplate(template: string, counter: TemplateCounter, by = 1): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.stats, sk: keys.templateStats(template) },
        UpdateExpression: 'ADD #counter :by',
        ExpressionAttributeNames: { '#counter': counter },
        ExpressionAttributeValues: { ':by': by },
      }),
    );
  }

  async templateCounts(): Promise<TemplateCounts[]> {
    const counts: TemplateCounts[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.stats, ':prefix': TEMPLATE_PREFIX },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const row = { template: (item.sk as string).slice(TEMPLATE_PREFIX.length) } as TemplateCounts;
        for (const counter of templateCounters)
          row[counter] = typeof item[counter] === 'number' ? item[counter] : 0;
        counts.push(row);
      }
    }
    return counts;
  }
}
