import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite, type WriteRequest } from '../store/dynamodb/batch';

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/**
 * The alarm loop's writes, gathered over one turn of the event loop into
 * BatchWriteItems of 25: a batch of customers arms hundreds of alarms at
 * once, and one request each was most of its work. Each caller's promise
 * settles when its own write has landed, so an alarm is as durable as before;
 * a key written twice meanwhile keeps the later write, and one gathering is
 * written only after the one before, so an older write never lands last.
 */
export class GatheredWrites {
  private pending = new Map<string, { request: WriteRequest; waiters: Waiter[] }>();
  private written: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  write(key: string, request: WriteRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key);
      if (entry) {
        entry.request = request;
        entry.waiters.push({ resolve, reject });
      } else this.pending.set(key, { request, waiters: [{ resolve, reject }] });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const entries = [...this.pending.values()];
    this.pending = new Map();
    const waiters = entries.flatMap((entry) => entry.waiters);
    this.written = this.written.then(() =>
      this.send(entries.map((entry) => entry.request)).then(
        () => {
          for (const waiter of waiters) waiter.resolve();
        },
        (error: unknown) => {
          for (const waiter of waiters) waiter.reject(error);
        },
      ),
    );
  }

  /** One write alone goes as itself (a PutItem or DeleteItem), several in BatchWriteItems. */
  private async send(requests: WriteRequest[]): Promise<void> {
    const [only] = requests;
    if (requests.length > 1 || !only) return batchWrite(this.db, this.tableName, requests);
    if ('PutRequest' in only) {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: only.PutRequest.Item }));
    } else {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: only.DeleteRequest.Key }));
    }
  }
}
