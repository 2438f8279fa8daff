import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { addressPrefix, normaliseAddress } from '../../../core/customers/address';
import { ValidationError } from '../../../core/errors';
import type { SuppressionReason, SuppressionRecord, SuppressionRepo } from '../index';

import { batchGetItems, isConditionFailure } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

/** The listing index (gsi1, KEYS_ONLY): every listed address under one key, in address order. */
const LISTED = 'SUPPRESSED';
/** An erased customer's address: its keyed hash only, never the address (`SUP#~<hash>`). */
const erasedKey = (hash: string) => ({ pk: keys.suppression(`~${hash}`), sk: 'SUP' });

function toRecord(address: string, item: Item): SuppressionRecord {
  return {
    address,
    reason: item.reason as SuppressionRecord['reason'],
    at: item.at as string,
    source: item.source as string,
  };
}

const encode = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');

const SK = 'SUP';
const SOFT_BOUNCE_WINDOW_MS = 30 * 24 * 3600_000;
/** Soft bounces older than the window are pruned once the list holds more than this. */
const SOFT_BOUNCE_KEEP = 10;

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

  async get(address: string, erasedHash?: string): Promise<SuppressionRecord | undefined> {
    const plain = this.key(address);
    const items = await batchGetItems(
      this.db,
      this.tableName,
      erasedHash ? [plain, erasedKey(erasedHash)] : [plain],
    );
    // An item with soft bounces only is not a suppression; the address's own entry wins over its hash.
    const listed = items
      .filter((item) => typeof item.reason === 'string')
      .sort((a, b) => (a.pk === plain.pk ? -1 : b.pk === plain.pk ? 1 : 0))[0];
    return listed ? toRecord(normaliseAddress(address), listed) : undefined;
  }

  async getMany(
    addresses: readonly { address: string; erasedHash?: string }[],
  ): Promise<SuppressionRecord[]> {
    // Each address's own entry and what an erasure left of it, all in one batch; its own wins.
    const wanted = addresses.map(({ address, erasedHash }) => ({
      address: normaliseAddress(address),
      keys: [this.key(address), ...(erasedHash ? [erasedKey(erasedHash)] : [])],
    }));
    const items = await batchGetItems(
      this.db,
      this.tableName,
      wanted.flatMap((w) => w.keys),
    );
    const listed = new Map(
      items.filter((item) => typeof item.reason === 'string').map((item) => [item.pk as string, item]),
    );
    return wanted.flatMap(({ address, keys: [own, erased] }) => {
      const item = listed.get(own!.pk) ?? (erased ? listed.get(erased.pk) : undefined);
      return item ? [toRecord(address, item)] : [];
    });
  }

  async list(options: {
    q?: string;
    reason?: SuppressionReason;
    limit: number;
    after?: string;
  }): Promise<{ suppressions: SuppressionRecord[]; next?: string }> {
    const prefix = options.q ? addressPrefix(options.q) : undefined;
    let start: Item | undefined;
    if (options.after) {
      const address = Buffer.from(options.after, 'base64url').toString('utf8');
      if (!address || (prefix && !address.startsWith(prefix))) {
        throw new ValidationError(
          'invalid suppression list request: cursor: not a cursor this list returned',
          [{ path: 'cursor', message: 'not a cursor this list returned' }],
        );
      }
      start = { ...this.key(address), gsi1pk: LISTED, gsi1sk: address };
    }
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: prefix ? 'gsi1pk = :listed AND begins_with(gsi1sk, :q)' : 'gsi1pk = :listed',
        ExpressionAttributeValues: { ':listed': LISTED, ...(prefix ? { ':q': prefix } : {}) },
        Limit: options.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const found = await batchGetItems(
      this.db,
      this.tableName,
      Items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
    );
    const byPk = new Map(found.map((item) => [item.pk as string, item]));
    const suppressions = Items.flatMap((ref) => {
      const item = byPk.get(ref.pk as string);
      if (!item || typeof item.reason !== 'string') return [];
      if (options.reason && item.reason !== options.reason) return [];
      return [toRecord(ref.gsi1sk as string, item)];
    });
    return { suppressions, ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey.gsi1sk as string) } : {}) };
  }

  async remove(address: string): Promise<SuppressionRecord | undefined> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: this.key(address), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes && typeof Attributes.reason === 'string'
      ? toRecord(normaliseAddress(address), Attributes)
      : undefined;
  }

  async addErased(
    hash: string,
    entry: { reason: SuppressionReason | 'erased'; at: Date; source: string },
  ): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...erasedKey(hash),
            reason: entry.reason,
            at: entry.at.toISOString(),
            source: entry.source,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async removeErased(hash: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: erasedKey(hash), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
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
          // Listed in the index too (gsi1), so the list is read without a scan.
          UpdateExpression:
            'SET #reason = :reason, #at = :at, #source = :source, gsi1pk = :listed, gsi1sk = :address',
          ConditionExpression: 'attribute_not_exists(#reason)',
          ExpressionAttributeNames: { '#reason': 'reason', '#at': 'at', '#source': 'source' },
          ExpressionAttributeValues: {
            ':reason': entry.reason,
            ':at': entry.at.toISOString(),
            ':source': entry.source,
            ':listed': LISTED,
            ':address': normaliseAddress(address),
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
