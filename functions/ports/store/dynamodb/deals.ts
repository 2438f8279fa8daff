import { type DynamoDBDocumentClient, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Deal } from '../../../core/customers/deal';
import { dealStages } from '../../../core/customers/deal';
import type { DealRecord, DealRepo } from '../index';
import { isConditionFailure } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

/** A deal item keeps one snapshot per stage; the file shows the most advanced one. */
export function toDealRecord(item: Item): DealRecord {
  const stages: DealRecord['stages'] = {};
  let latest: DealRecord['deal'] | undefined;
  for (const stage of dealStages) {
    const snapshot = item[`s_${stage}`] as { at: string; deal: DealRecord['deal'] } | undefined;
    if (!snapshot) continue;
    stages[stage] = snapshot.at;
    latest = snapshot.deal;
  }
  if (!latest) throw new Error(`deal item ${String(item.sk)} has no stage`);
  return { deal: latest, stages, updatedAt: item.updatedAt as string };
}

export class DynamoDealRepo implements DealRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordStage(deal: Deal, receivedAt: Date): Promise<'recorded' | 'duplicate'> {
    const at = deal.occurredAt ?? receivedAt.toISOString();
    try {
      // One snapshot attribute per stage: a stage lands once, and a late-arriving
      // earlier stage cannot overwrite a later one.
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.customer(deal.customerId), sk: keys.deal(deal.dealId) },
          UpdateExpression: 'SET #stage = :snapshot, updatedAt = :now',
          ConditionExpression: 'attribute_not_exists(#stage)',
          ExpressionAttributeNames: { '#stage': `s_${deal.stage}` },
          ExpressionAttributeValues: { ':snapshot': { at, deal }, ':now': receivedAt.toISOString() },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
  }

  async stagesOf(customerId: string): Promise<Deal[]> {
    const stages: { at: string; rank: number; deal: Deal }[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deal)',
        ExpressionAttributeValues: { ':pk': keys.customer(customerId), ':deal': keys.deal('') },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        dealStages.forEach((stage, rank) => {
          const snapshot = item[`s_${stage}`] as { at: string; deal: Deal } | undefined;
          if (snapshot) stages.push({ ...snapshot, rank });
        });
      }
    }
    return stages.sort((a, b) => a.at.localeCompare(b.at) || a.rank - b.rank).map((s) => s.deal);
  }
}
