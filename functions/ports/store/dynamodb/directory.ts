import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Place,
  type ProfileFacts,
  profileFactsOf,
  type StateFacts,
  segmentFactsOf,
} from '../../../core/campaigns/segment';
import type { Customer } from '../../../core/customers/customer';
import { type CustomerCard, cardOf } from '../../../core/customers/customer-search';
import { type EngineState, withStateDefaults } from '../../../core/planning/state';
import type { DirectoryCursor, DirectoryPage, DirectoryRepo } from '../index';
import { batchGetItems } from './client';
import { customerIdOf, keys } from './keys';

/** Hash shards of the directory: writes spread over partitions, and a read can be split or estimated. */
export const DIRECTORY_SHARDS = 16;

type Item = Record<string, unknown>;

function shardOf(customerId: string): number {
  return createHash('sha256').update(customerId).digest().readUInt32BE(0) % DIRECTORY_SHARDS;
}

const shardKey = (shard: number) => `DIR#${String(shard).padStart(2, '0')}`;
// `#` separates the parts of the key; a city spelt with one is still found by its own prefix.
const part = (value: string | undefined) => (value ?? '-').replace(/#/g, ' ');
const placePrefix = (place: Place) =>
  place.city === undefined ? `${place.country}#` : `${place.country}#${part(place.city)}#`;

/** What the directory keeps of the file: the facts segments filter on, and the card a search shows. */
type DirectoryProfile = ProfileFacts & { card: CustomerCard };

/** The directory attributes of a profile item: its keys in gsi4 and the facts from the file. */
export function directoryAttributes(customer: Customer): {
  gsi4pk: string;
  gsi4sk: string;
  dirProfile: DirectoryProfile;
} {
  const dirProfile = { ...profileFactsOf(customer), card: cardOf(customer) };
  return {
    gsi4pk: shardKey(shardOf(customer.customerId)),
    gsi4sk: `${part(dirProfile.country)}#${part(dirProfile.city)}#${customer.customerId}`,
    dirProfile,
  };
}

export class DynamoDirectoryRepo implements DirectoryRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(
    places: readonly Place[] | undefined,
    cursor: DirectoryCursor | undefined,
    limit: number,
  ): Promise<DirectoryPage> {
    const placeList = places?.length ? places : [undefined];
    const parts = DIRECTORY_SHARDS * placeList.length;
    const at = cursor?.part ?? 0;
    if (at >= parts) return { entries: [], shardsDone: DIRECTORY_SHARDS, shards: DIRECTORY_SHARDS };
    // Shard-major order: once a shard is done it is done for every place, which is what an estimate needs.
    const shard = Math.floor(at / placeList.length);
    const place = placeList[at % placeList.length];
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi4',
        KeyConditionExpression: place
          ? 'gsi4pk = :shard AND begins_with(gsi4sk, :prefix)'
          : 'gsi4pk = :shard',
        ExpressionAttributeValues: {
          ':shard': shardKey(shard),
          ...(place ? { ':prefix': placePrefix(place) } : {}),
        },
        Limit: limit,
        ...(cursor?.after ? { ExclusiveStartKey: cursor.after } : {}),
      }),
    );
    const entries = await this.withFacts(Items, at);
    const next: DirectoryCursor | undefined = LastEvaluatedKey
      ? { part: at, after: LastEvaluatedKey as Record<string, string> }
      : at + 1 < parts
        ? { part: at + 1 }
        : undefined;
    return {
      entries,
      ...(next ? { next } : {}),
      shardsDone: next ? Math.floor(next.part / placeList.length) : DIRECTORY_SHARDS,
      shards: DIRECTORY_SHARDS,
    };
  }

  /**
   * The facts of each entry. A profile filed before the directory held its
   * facts (or whose state was never saved since) is read in full, in batches,
   * so no customer is missed.
   */
  private async withFacts(items: Item[], part: number): Promise<DirectoryPage['entries']> {
    const incomplete = items
      .filter((item) => !(item.dirProfile as Partial<DirectoryProfile> | undefined)?.card || !item.dirState)
      .map((item) => item.pk as string);
    const full = new Map<string, Item>();
    const found = await batchGetItems(
      this.db,
      this.tableName,
      incomplete.map((pk) => ({ pk, sk: keys.profile })),
    );
    for (const item of found) full.set(item.pk as string, item);
    const entries: DirectoryPage['entries'] = [];
    for (const item of items) {
      const pk = item.pk as string;
      const customerId = customerIdOf(pk);
      const whole = full.get(pk);
      // Right after this entry: where a reader that stops inside the page goes on from.
      const position = {
        part,
        after: { pk, sk: item.sk as string, gsi4pk: item.gsi4pk as string, gsi4sk: item.gsi4sk as string },
      };
      if (whole) {
        const customer = whole.customer as Customer;
        const state = withStateDefaults(whole.state as Partial<EngineState> | undefined);
        entries.push({
          customerId,
          facts: segmentFactsOf(customer, state),
          card: cardOf(customer),
          position,
        });
      } else if (item.dirProfile && item.dirState) {
        const { card, ...profile } = item.dirProfile as DirectoryProfile;
        entries.push({ customerId, facts: { ...profile, ...(item.dirState as StateFacts) }, card, position });
      }
    }
    return entries;
  }
}
