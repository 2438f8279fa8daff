import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerRecord } from '../customers';
import type { FireOpening, FireReadRepo } from '../fire-reads';
import { batchGetItems } from './client';
import { toRecord } from './customer-record';
import { keys } from './keys';
import { liveVersionsOf } from './live-versions';
import { histogramOf, VALUE_KEY } from './stats';

type Item = Record<string, unknown>;

/** One strongly consistent BatchGetItem of the profile and the shared items asked for. */
export class DynamoFireReadRepo implements FireReadRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(customerId: string, wants: { live: boolean; histogram: boolean }): Promise<FireOpening> {
    const { records, ...shared } = await this.readMany([customerId], wants);
    const [record] = records;
    return { ...(record ? { record } : {}), ...shared };
  }

  async readMany(
    customerIds: readonly string[],
    wants: { live: boolean; histogram: boolean },
  ): Promise<Omit<FireOpening, 'record'> & { records: CustomerRecord[] }> {
    const items = await batchGetItems(
      this.db,
      this.tableName,
      [
        ...customerIds.map((id) => ({ pk: keys.customer(id), sk: keys.profile })),
        ...(wants.live ? [keys.liveVersions] : []),
        ...(wants.histogram ? [VALUE_KEY] : []),
      ],
      { consistent: true },
    );
    const find = (key: { pk: string; sk: string }): Item | undefined =>
      items.find((item) => item.pk === key.pk && item.sk === key.sk);
    return {
      records: items.filter((item) => item.sk === keys.profile).map(toRecord),
      ...(wants.live ? { live: liveVersionsOf(find(keys.liveVersions)) } : {}),
      ...(wants.histogram ? { histogram: histogramOf(find(VALUE_KEY) ?? {}) } : {}),
    };
  }
}
