import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

const KEY = { pk: 'LOCAL#CLOCK', sk: 'CLOCK' };

/**
 * The simulated clock's time, kept in the local store: a restart on the same
 * data resumes from where the clock was, so time never runs backwards under
 * the alarms, messages and sweeps already recorded.
 */
export class ClockStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(): Promise<Date | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: KEY, ConsistentRead: true }),
    );
    return typeof Item?.at === 'string' ? new Date(Item.at) : undefined;
  }

  async save(at: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...KEY, at: at.toISOString() } }));
  }
}
