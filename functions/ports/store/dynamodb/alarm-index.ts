import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { AlarmIndexRepo, PendingAlarm } from '../index';
import { customerIdOf, keys } from './keys';

/** The alarm index (gsi3, KEYS_ONLY): what saveState files under the hour of each pending alarm. */
export class DynamoAlarmIndex implements AlarmIndexRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async *dueBefore(
    hour: string,
    before: Date,
    options: { pageSize?: number } = {},
  ): AsyncIterable<PendingAlarm[]> {
    const pages = paginateQuery(
      { client: this.db, ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
      {
        TableName: this.tableName,
        IndexName: 'gsi3',
        // Slots start with the alarm's ISO time, so "before" is a plain string comparison.
        KeyConditionExpression: 'gsi3pk = :hour AND gsi3sk < :before',
        ExpressionAttributeValues: { ':hour': keys.alarmHour(hour), ':before': before.toISOString() },
      },
    );
    for await (const page of pages) {
      yield (page.Items ?? []).map((item) => {
        const slot = item.gsi3sk as string;
        return { customerId: customerIdOf(item.pk as string), nextAt: slot.slice(0, slot.indexOf('#')) };
      });
    }
  }
}
