import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskBoardRepo, TaskStatus, TaskView } from '../index';
import { decodeCursor, encodeCursor as encode } from './cursors';
import { keys } from './keys';

/** The task's entries under `status`: on the whole board, and on its owner's. */
const entryKeys = (task: Pick<TaskView, 'id' | 'customerId' | 'at' | 'ownerEmail'>, status: TaskStatus) =>
  [keys.taskBoard, ...(task.ownerEmail ? [keys.ownerTaskBoard(task.ownerEmail)] : [])].map((pk) => ({
    pk,
    sk: keys.taskBoardEntry(status, task.at, task.customerId, task.id),
  }));

const decode = (cursor: string, status: TaskStatus | 'all') =>
  decodeCursor(
    cursor,
    (sk) => /^(open|done)#/.test(sk) && (status === 'all' || sk.startsWith(`${status}#`)),
    { request: 'task list request', list: 'this list' },
  );

/**
 * The task board as one partition (`TASKS`) sorted by `<status>#<at>#<customer>#<task>`:
 * a status is one key prefix, and read backwards `open` comes before `done`,
 * each newest first. Moving a task is a put under the new status and a
 * delete under the old, both safe to repeat. Each owner's board is a second
 * copy under `TASKS#<owner email>`, kept the same way.
 */
export class DynamoTaskBoardRepo implements TaskBoardRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async file(task: TaskView, from?: TaskStatus): Promise<void> {
    for (const key of entryKeys(task, task.status)) {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key, ...task } }));
    }
    if (from && from !== task.status) {
      for (const key of entryKeys(task, from)) {
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      }
    }
  }

  async remove(task: Pick<TaskView, 'id' | 'customerId' | 'at' | 'ownerEmail'>): Promise<void> {
    for (const status of ['open', 'done'] as const) {
      for (const key of entryKeys(task, status)) {
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      }
    }
  }

  async list(
    status: TaskStatus | 'all',
    limit: number,
    after?: string,
    owner?: string,
  ): Promise<{ tasks: TaskView[]; next?: string }> {
    const pk = owner === undefined ? keys.taskBoard : keys.ownerTaskBoard(owner);
    const start = after ? decode(after, status) : undefined;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: status === 'all' ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :status)',
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(status === 'all' ? {} : { ':status': `${status}#` }),
        },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: { pk, sk: start } } : {}),
      }),
    );
    const tasks = Items.map(({ pk: _pk, sk: _sk, ...task }) => task as TaskView);
    return { tasks, ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey.sk as string) } : {}) };
  }
}
