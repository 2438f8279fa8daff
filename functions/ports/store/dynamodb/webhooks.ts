import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../../core/errors';
import type { EventSubject } from '../../../core/webhooks/events';
import type { WebhookDeliveryPage, WebhookDeliveryRecord, WebhookEndpoint, WebhookRepo } from '../index';
import { batchDelete, partitionItems } from './batch';
import { batchGetItems, isConditionFailure } from './client';
import { keys } from './keys';
import { bumpLiveVersion } from './live-versions';

type Item = Record<string, unknown>;

/** How long a delivery stays in the log after its last attempt. */
const LOG_DAYS = 30;

function subjectKey(subject: EventSubject): string {
  return 'customerId' in subject ? keys.customer(subject.customerId) : keys.campaign(subject.campaignId);
}

const deliveryKey = (subject: EventSubject, endpointId: string, webhookId: string) => ({
  pk: keys.webhookDeliveries(subjectKey(subject)),
  sk: keys.webhookDelivery(endpointId, webhookId),
});

function toEndpoint(item: Item): WebhookEndpoint {
  const { pk: _pk, sk: _sk, ...endpoint } = item;
  return endpoint as unknown as WebhookEndpoint;
}

function toDelivery(item: Item): WebhookDeliveryRecord {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    expiresAt: _e,
    ...delivery
  } = item;
  return delivery as unknown as WebhookDeliveryRecord;
}

const encode = (key: Item) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

function decode(cursor: string, index: string, pk: string): Item {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item;
    if (key[`${index}pk`] === pk && typeof key.pk === 'string' && typeof key.sk === 'string') return key;
  } catch {
    // Not ours: answered below.
  }
  throw new ValidationError('invalid delivery log request: cursor: not a cursor this log returned', [
    { path: 'cursor', message: 'not a cursor this log returned' },
  ]);
}

/**
 * Endpoints under `HOOKS` / `EP#<id>`; each delivery under
 * `HOOK#<subject>` / `<endpoint>#<webhook id>`, in gsi1 under the endpoint's
 * log and, while dead, in gsi2 under its dead letters (both KEYS_ONLY: a page
 * is one Query and one BatchGet).
 */
export class DynamoWebhookRepo implements WebhookRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private endpointKey(id: string) {
    return { pk: keys.webhookEndpoints, sk: keys.webhookEndpoint(id) };
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.webhookEndpoints },
        ConsistentRead: true,
      }),
    );
    return Items.map(toEndpoint).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.endpointKey(id), ConsistentRead: true }),
    );
    return Item ? toEndpoint(Item) : undefined;
  }

  private async putEndpoint(endpoint: WebhookEndpoint, condition: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.endpointKey(endpoint.id), ...endpoint },
          ConditionExpression: condition,
        }),
      );
      await bumpLiveVersion(this.db, this.tableName, 'hooks');
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  createEndpoint(endpoint: WebhookEndpoint): Promise<boolean> {
    return this.putEndpoint(endpoint, 'attribute_not_exists(pk)');
  }

  saveEndpoint(endpoint: WebhookEndpoint): Promise<boolean> {
    return this.putEndpoint(endpoint, 'attribute_exists(pk)');
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: this.endpointKey(id), ReturnValues: 'ALL_OLD' }),
    );
    if (Attributes === undefined) return false;
    await bumpLiveVersion(this.db, this.tableName, 'hooks');
    return true;
  }

  async getDelivery(
    subject: EventSubject,
    endpointId: string,
    webhookId: string,
  ): Promise<WebhookDeliveryRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: deliveryKey(subject, endpointId, webhookId),
        ConsistentRead: true,
      }),
    );
    return Item ? toDelivery(Item) : undefined;
  }

  async recordAttempt(delivery: WebhookDeliveryRecord): Promise<void> {
    const { endpointId, webhookId, createdAt, status } = delivery;
    const entry = keys.webhookLogEntry(createdAt, webhookId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...deliveryKey(delivery.subject, endpointId, webhookId),
            ...delivery,
            gsi1pk: keys.webhookLog(endpointId),
            gsi1sk: entry,
            ...(status === 'dead' ? { gsi2pk: keys.webhookDeadLetters(endpointId), gsi2sk: entry } : {}),
            expiresAt: Math.floor(Date.parse(delivery.lastAttemptAt) / 1000) + LOG_DAYS * 86_400,
          },
          // A duplicate job's late attempt must not turn a delivered event back into a retry.
          ConditionExpression: 'attribute_not_exists(pk) OR #status <> :delivered',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':delivered': 'delivered' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async requeue(
    subject: EventSubject,
    endpointId: string,
    webhookId: string,
  ): Promise<WebhookDeliveryRecord | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(subject, endpointId, webhookId),
          UpdateExpression: 'SET #status = :pending, attempts = :zero REMOVE gsi2pk, gsi2sk, nextAttemptAt',
          ConditionExpression: '#status = :dead',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0, ':dead': 'dead' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toDelivery(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async deliveries(
    endpointId: string,
    options: { status?: 'dead'; limit: number; after?: string },
  ): Promise<WebhookDeliveryPage> {
    const index = options.status === 'dead' ? 'gsi2' : 'gsi1';
    const pk = options.status === 'dead' ? keys.webhookDeadLetters(endpointId) : keys.webhookLog(endpointId);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.after ? { ExclusiveStartKey: decode(options.after, index, pk) } : {}),
      }),
    );
    const items = await batchGetItems(
      this.db,
      this.tableName,
      Items.map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
    );
    const byKey = new Map(items.map((item) => [`${item.pk}|${item.sk}`, item]));
    const deliveries = Items.flatMap((item) => {
      const full = byKey.get(`${item.pk}|${item.sk}`);
      // The index lags the table a moment: a delivery replayed meanwhile is no dead letter any more.
      return full && (options.status !== 'dead' || full.status === 'dead') ? [toDelivery(full)] : [];
    });
    return { deliveries, ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey) } : {}) };
  }

  async deliveriesAbout(subject: EventSubject): Promise<WebhookDeliveryRecord[]> {
    const items = await partitionItems(this.db, this.tableName, keys.webhookDeliveries(subjectKey(subject)));
    return items.map(toDelivery);
  }

  async forget(subject: EventSubject): Promise<number> {
    let forgotten = 0;
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.webhookDeliveries(subjectKey(subject)) },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      const found = (page.Items ?? []).map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
      await batchDelete(this.db, this.tableName, found);
      forgotten += found.length;
    }
    return forgotten;
  }
}
