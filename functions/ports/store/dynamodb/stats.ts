import { type DynamoDBDocumentClient, GetCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isoWeekOf } from '../../../core/calendars/iso-week';
import { type ValueHistogram, valueBucket } from '../../../core/customers/tier';
import {
  type StatsRepo,
  type TemplateCounter,
  type TemplateCounts,
  type TemplateWeekCounts,
  templateCounters,
} from '../index';
import { keys } from './keys';

type Item = Record<string, unknown>;

/** The value histogram's item (read on its own here, or with a fire's profile in fire-reads.ts). */
export const VALUE_KEY = { pk: keys.stats, sk: 'VALUE' };

/** The histogram an item holds: `c<bucket>` customers and `s<bucket>` value per bucket. */
export function histogramOf(item: Item): ValueHistogram {
  const histogram: ValueHistogram = {};
  for (const [name, value] of Object.entries(item)) {
    const match = /^([cs])(\d+)$/.exec(name);
    if (!match || typeof value !== 'number') continue;
    const bucket = histogram[match[2]!] ?? { count: 0, sum: 0 };
    histogram[match[2]!] = bucket;
    if (match[1] === 'c') bucket.count = value;
    else bucket.sum = value;
  }
  return histogram;
}
/** Both the weekly items (`TPLW#…`) and the all-time ones kept before counters went weekly (`TPL#…`). */
const ANY_TEMPLATE_PREFIX = 'TPL';
const LEGACY_PREFIX = keys.templateStats('');
const WEEK_PREFIX = keys.templateWeekStats('', '').slice(0, -1);

function countsOf(item: Item, template: string): TemplateCounts {
  const row = { template } as TemplateCounts;
  for (const counter of templateCounters)
    row[counter] = typeof item[counter] === 'number' ? item[counter] : 0;
  return row;
}

/** The week and template of a `TPLW#<week>#<template>` key, or the template alone of a `TPL#<template>` one. */
function parseKey(sk: string): { week?: string; template: string } {
  if (sk.startsWith(WEEK_PREFIX)) {
    const [week = '', ...rest] = sk.slice(WEEK_PREFIX.length).split('#');
    return { week, template: rest.join('#') };
  }
  return { template: sk.slice(LEGACY_PREFIX.length) };
}

/**
 * The value histogram as one item: `c<bucket>` customers and `s<bucket>` value
 * per bucket, moved with ADD so concurrent deals never lose an update. Beside
 * it, one counter item per ISO week and template (`TPLW#<week>#<template>`),
 * week first so a run of weeks is one key range; the all-time totals are the
 * sums of a Query on the `STATS` partition.
 */
export class DynamoStatsRepo implements StatsRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async valueHistogram(): Promise<ValueHistogram> {
    const { Item = {} } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: VALUE_KEY }));
    return histogramOf(Item);
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
    await this.add(VALUE_KEY, Object.fromEntries(adds));
  }

  /** Adds each count to its attribute of the item at `key` in one update; nothing to add, no request. */
  private async add(key: Item, counts: Readonly<Record<string, number | undefined>>): Promise<void> {
    const changes = Object.entries(counts).filter(
      (c): c is [string, number] => c[1] !== undefined && c[1] !== 0,
    );
    if (changes.length === 0) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `ADD ${changes.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(changes.map(([name], i) => [`#n${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(changes.map(([, n], i) => [`:v${i}`, n])),
      }),
    );
  }

  async countTemplate(template: string, counter: TemplateCounter, at: Date, by = 1): Promise<void> {
    await this.countTemplateMany(template, at, { [counter]: by });
  }

  async countTemplateMany(
    template: string,
    at: Date,
    counts: Partial<Record<TemplateCounter, number>>,
  ): Promise<void> {
    await this.add({ pk: keys.stats, sk: keys.templateWeekStats(isoWeekOf(at).week, template) }, counts);
  }

  async templateCounts(): Promise<TemplateCounts[]> {
    const totals = new Map<string, TemplateCounts>();
    for await (const item of this.items('begins_with(sk, :from)', { ':from': ANY_TEMPLATE_PREFIX })) {
      const { template } = parseKey(item.sk as string);
      const counts = countsOf(item, template);
      const total = totals.get(template);
      if (!total) totals.set(template, counts);
      else for (const counter of templateCounters) total[counter] += counts[counter];
    }
    return [...totals.values()].sort((a, b) =>
      a.template < b.template ? -1 : a.template > b.template ? 1 : 0,
    );
  }

  async weeklyTemplateCounts(fromWeek: string, toWeek: string): Promise<TemplateWeekCounts[]> {
    const rows: TemplateWeekCounts[] = [];
    const range = {
      ':from': keys.templateWeekStats(fromWeek, ''),
      // `~` sorts after every template name character, so the last week is read whole.
      ':to': keys.templateWeekStats(toWeek, '~'),
    };
    for await (const item of this.items('sk BETWEEN :from AND :to', range)) {
      const { week, template } = parseKey(item.sk as string);
      if (week) rows.push({ ...countsOf(item, template), week });
    }
    return rows;
  }

  private async *items(condition: string, values: Item): AsyncIterable<Item> {
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: `pk = :pk AND ${condition}`,
        ExpressionAttributeValues: { ':pk': keys.stats, ...values },
      },
    );
    for await (const page of pages) yield* page.Items ?? [];
  }

  async countSequence(sequenceId: string, counts: Readonly<Record<string, number>>): Promise<void> {
    await this.add({ pk: keys.stats, sk: keys.sequenceStats(sequenceId) }, counts);
  }

  async sequenceCounts(sequenceId: string): Promise<Record<string, number>> {
    const { Item = {} } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.stats, sk: keys.sequenceStats(sequenceId) },
      }),
    );
    return Object.fromEntries(
      Object.entries(Item).filter(
        (e): e is [string, number] => e[0].includes(':') && typeof e[1] === 'number',
      ),
    );
  }
}
