import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseAddress } from '../../../core/customers/address';
import type { SuppressionReason, SuppressionRecord, SuppressionRepo } from '../index';
import { batchGetItems, isConditionFailure } from './client';
import { keys } from './keys';

const SK = 'SUP';
const SOFT_BOUNCE_WINDOW_MS = 30 * 24 * 3600_000;
/** Soft bounces older than the window are pruned once the list holds more than this. */
const SOFT_BOUNCE_KEEP = 10;

/** An item with soft bounces only is not a suppression. */
function toSuppression(address: string, item: Record<string, unknown>): SuppressionRecord | undefined {
  if (typeof item.reason !== 'string') return undefined;
  return {
    address,
    reason: item.reason as SuppressionReason,
    at: item.at as string,
    source: item.source as string,
  };
}

/**
 * One item per address, `SUP#<address>` / `SUP`: the suppression (reason, at,
 * source) once listed, and the times of its recent soft bounces.
 */
export class DynamoSuppressionRepo implements SuppressionRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(address: string) {
    return { pk: keys.suppression(normaliseAddress(address)), sk: SK };
  }

  async get(address: string): Promise<SuppressionRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(address) }),
    );
    return Item ? toSuppression(normaliseAddress(address), Item) : undefined;
  }

  async getMany(addresses: readonly string[]): Promise<SuppressionRecord[]> {
    const normalised = new Map(
      addresses.map((address) => [keys.suppression(normaliseAddress(address)), address]),
    );
    const items = await batchGetItems(
      this.db,
      this.tableName,
      [...normalised.keys()].map((pk) => ({ pk, sk: SK })),
    );
    return items.flatMap((item) => {
      const found = toSuppression(normaliseAddress(normalised.get(item.pk as string) ?? ''), item);
      return found ? [found] : [];
    });
  }

  async add(
    address: string,
    entry: { reason: SuppressionReason; at: Date; source: string },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(address),
          UpdateExpression: 'SET #reason = :reason, #at = :at, #source = :source',
          ConditionExpression: 'attribute_not_exists(#reason)',
          ExpressionAttributeNames: { '#reason': 'reason', '#at': 'at', '#source': 'source' },
          ExpressionAttributeValues: {
            ':reason': entry.reason,
            ':at': entry.at.toISOString(),
            ':source': entry.source,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordSoftBounce(address: string, at: Date): Promise<number> {
    const { Attributes = {} } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(address),
        UpdateExpression: 'SET #soft = list_append(if_not_exists(#soft, :none), :this)',
        ExpressionAttributeNames: { '#soft': 'softBounces' },
        ExpressionAttributeValues: { ':none': [], ':this': [at.toISOString()] },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const all = (Attributes.softBounces as string[] | undefined) ?? [];
    const since = at.getTime() - SOFT_BOUNCE_WINDOW_MS;
    const recent = all.filter((time) => {
      const t = Date.parse(time);
      return t > since && t <= at.getTime();
    });
    if (all.length > SOFT_BOUNCE_KEEP) await this.prune(address, all, since);
    return recent.length;
  }

  /** Drops soft bounces past the window, unless another one was appended meanwhile (then next time). */
  private async prune(address: string, all: string[], since: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(address),
          UpdateExpression: 'SET #soft = :kept',
          ConditionExpression: 'size(#soft) = :size',
          ExpressionAttributeNames: { '#soft': 'softBounces' },
          ExpressionAttributeValues: {
            ':kept': all.filter((time) => Date.parse(time) > since),
            ':size': all.length,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
