import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../../core/errors';
import type { TaskBoardRepo, TaskStatus, TaskView } from '../index';
import { keys } from './keys';

const entryKey = (task: Pick<TaskView, 'id' | 'customerId' | 'at'>, status: TaskStatus) => ({
  pk: keys.taskBoard,
  sk: keys.taskBoardEntry(status, task.at, task.customerId, task.id),
});

const encode = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');

function decode(cursor: string, status: TaskStatus | 'all'): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^(open|done)#/.test(sk) || (status !== 'all' && !sk.startsWith(`${status}#`))) {
    throw new ValidationError('invalid task list request: cursor: not a cursor this list returned', [
      { path: 'cursor', message: 'not a cursor this list returned' },
    ]);
  }
  return sk;
}

/**
 * The task board as one partition (`TASKS`) sorted by `<status>#<at>#<customer>#<task>`:
 * a status is one key prefix, and read backwards `open` comes before `done`,
 * each newest first. Moving a task is a put under the new status and a
 * delete under the old, both safe to repeat.
 */
export class DynamoTaskBoardRepo implements TaskBoardRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async file(task: TaskView, from?: TaskStatus): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...entryKey(task, task.status), ...task } }),
    );
    if (from && from !== task.status) {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: entryKey(task, from) }));
    }
  }

  async remove(task: Pick<TaskView, 'id' | 'customerId' | 'at'>): Promise<void> {
    for (const status of ['open', 'done'] as const) {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: entryKey(task, status) }));
    }
  }

  async list(
    status: TaskStatus | 'all',
    limit: number,
    after?: string,
  ): Promise<{ tasks: TaskView[]; next?: string }> {
    const start = after ? decode(after, status) : undefined;
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: status === 'all' ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :status)',
        ExpressionAttributeValues: {
          ':pk': keys.taskBoard,
          ...(status === 'all' ? {} : { ':status': `${status}#` }),
        },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: { pk: keys.taskBoard, sk: start } } : {}),
      }),
    );
    const tasks = Items.map(({ pk: _pk, sk: _sk, ...task }) => task as TaskView);
    return { tasks, ...(LastEvaluatedKey ? { next: encode(LastEvaluatedKey.sk as string) } : {}) };
  }
}
