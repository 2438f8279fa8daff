import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** One DynamoDB request as the meter saw it. */
export interface DynamoRequest {
  /** The operation without the `Command` suffix, e.g. `PutItem`. */
  command: string;
  table: string;
  /** The scenario phase that was running when the request was sent. */
  phase: string;
  /**
   * Made by an adapter that exists only locally (the SMS outbox, the alarm
   * loop): on AWS those are SNS and EventBridge Scheduler, not DynamoDB.
   */
  localOnly: boolean;
  /** The kind of item addressed: its sort key up to the first `#` (`MSG`, `#PROFILE`, `TPL`…), if it has one. */
  item?: string;
  /** The partition key the request named, when it named one (a Query's `:pk`, an item's `pk`). */
  partition?: string;
  capacityUnits: number;
  readUnits: number;
  writeUnits: number;
  /**
   * Write units the request costs in global secondary indexes, which the local
   * server does not report: one per index entry written, two when an update
   * moves an entry (delete + put). Index entries here are keys only, under 1 KB.
   */
  indexWriteUnits: number;
}

export interface CommandTally {
  engine: number;
  localOnly: number;
  /** Write units of the engine's requests, table and indexes. */
  wcu: number;
}

export interface DynamoTally {
  engine: number;
  localOnly: number;
  /** Read and write capacity of the engine's own requests (table; `gsiWcu` for the indexes). */
  rcu: number;
  wcu: number;
  gsiWcu: number;
  byCommand: Record<string, CommandTally>;
}

/** The partitions written by the local-only adapters (see functions/local/outbox.ts, ports/scheduler/local.ts). */
const LOCAL_ONLY_PARTITIONS = new Set(['OUTBOX', 'ALARMS']);

/** Operations that take `ReturnConsumedCapacity`. */
const CAPACITY_COMMANDS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

const READ_COMMANDS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** Operations the design rules out on request and fire paths (no scans, no transactions, no PartiQL). */
export const FORBIDDEN_COMMANDS = [
  'Scan',
  'TransactWriteItems',
  'TransactGetItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
] as const;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** A key attribute in either form: plain (document client, before marshalling) or `{ S: '…' }`. */
function stringAttribute(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const s = field(value, 'S');
  return typeof s === 'string' ? s : undefined;
}

function partitionOf(input: unknown): string | undefined {
  return (
    stringAttribute(field(field(input, 'Key'), 'pk')) ??
    stringAttribute(field(field(input, 'Item'), 'pk')) ??
    stringAttribute(field(field(input, 'ExpressionAttributeValues'), ':pk')) ??
    batchPartitionOf(input)
  );
}

/** The one partition every request of a BatchWriteItem names (the alarm loop's gathered writes), if they share one. */
function batchPartitionOf(input: unknown): string | undefined {
  const tables = field(input, 'RequestItems');
  if (typeof tables !== 'object' || tables === null) return undefined;
  const partitions = new Set(
    Object.values(tables).flatMap((requests: unknown) =>
      (Array.isArray(requests) ? requests : []).map((request: unknown) =>
        stringAttribute(
          field(field(field(request, 'PutRequest'), 'Item'), 'pk') ??
            field(field(field(request, 'DeleteRequest'), 'Key'), 'pk'),
        ),
      ),
    ),
  );
  const [only] = partitions;
  return partitions.size === 1 ? only : undefined;
}

function tableOf(input: unknown): string {
  const table = field(input, 'TableName');
  if (typeof table === 'string') return table;
  const batch = field(input, 'RequestItems');
  return typeof batch === 'object' && batch !== null ? Object.keys(batch).join(',') : '?';
}

function number(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Sums `ConsumedCapacity` (one object, or one per table for batches) into read and write units. */
function capacityOf(
  output: unknown,
  command: string,
): Pick<DynamoRequest, 'capacityUnits' | 'readUnits' | 'writeUnits'> {
  const consumed = field(output, 'ConsumedCapacity');
  const entries: unknown[] = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  let capacityUnits = 0;
  let readUnits = 0;
  let writeUnits = 0;
  for (const entry of entries) {
    const total = number(field(entry, 'CapacityUnits'));
    const read = field(entry, 'ReadCapacityUnits');
    const write = field(entry, 'WriteCapacityUnits');
    capacityUnits += total;
    if (read !== undefined || write !== undefined) {
      readUnits += number(read);
      writeUnits += number(write);
    } else if (READ_COMMANDS.has(command)) {
      readUnits += total;
    } else {
      writeUnits += total;
    }
  }
  return { capacityUnits, readUnits, writeUnits };
}

/**
 * See `DynamoRequest.indexWriteUnits`. `seen` remembers each item's index keys
 * as last written: an update that sets a key to the value it already had
 * rewrites the entry in place (one unit, its projection may have changed), one
 * that changes it moves the entry (two: a delete and a put).
 */
function indexWritesOf(input: unknown, command: string, seen: Map<string, string>): number {
  const itemKey = `${stringAttribute(field(field(input, 'Key'), 'pk')) ?? ''}|${stringAttribute(field(field(input, 'Key'), 'sk')) ?? ''}`;
  if (command === 'PutItem') {
    const item = field(input, 'Item');
    if (typeof item !== 'object' || item === null) return 0;
    const keysOfItem = Object.keys(item).filter((key) => /^gsi\d+pk$/.test(key));
    const id = `${stringAttribute(field(item, 'pk')) ?? ''}|${stringAttribute(field(item, 'sk')) ?? ''}`;
    for (const key of keysOfItem) seen.set(`${id}|${key}`, String(field(item, key)));
    return keysOfItem.length;
  }
  if (command !== 'UpdateItem') return 0;
  const expression = field(input, 'UpdateExpression');
  if (typeof expression !== 'string') return 0;
  const [setPart = '', removePart = ''] = expression.split(/\bREMOVE\b/i);
  const values = field(input, 'ExpressionAttributeValues');
  let units = 0;
  for (const match of setPart.matchAll(/#?(gsi\d+pk)\s*=\s*(:\w+)/g)) {
    const [, key = '', placeholder = ''] = match;
    const value = String(field(values, placeholder));
    const before = seen.get(`${itemKey}|${key}`);
    units += before === undefined || before === value ? 1 : 2;
    seen.set(`${itemKey}|${key}`, value);
  }
  for (const match of removePart.matchAll(/#?(gsi\d+pk)\b/g)) {
    if (seen.delete(`${itemKey}|${match[1]}`)) units += 1;
  }
  return units;
}

/**
 * Counts every request a DynamoDB client sends, with the capacity it consumed:
 * a middleware at the `initialize` step asks for `ReturnConsumedCapacity:
 * TOTAL` and reads `ConsumedCapacity` off the response. Document-client
 * commands share the client's middleware stack, so they are counted too.
 */
export class DynamoMeter {
  readonly requests: DynamoRequest[] = [];
  /** Each item's index keys as last written, to tell an index entry moved from one rewritten. */
  private readonly indexKeys = new Map<string, string>();
  private currentPhase = 'setup';

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        if (CAPACITY_COMMANDS.has(command)) Object.assign(args.input, { ReturnConsumedCapacity: 'TOTAL' });
        const input: unknown = args.input;
        const phase = this.currentPhase;
        const result = await next(args);
        const partition = partitionOf(input);
        const sortKey =
          stringAttribute(field(field(input, 'Key'), 'sk')) ??
          stringAttribute(field(field(input, 'Item'), 'sk'));
        this.requests.push({
          command,
          table: tableOf(input),
          phase,
          localOnly: partition !== undefined && LOCAL_ONLY_PARTITIONS.has(partition),
          ...(sortKey ? { item: /^#?[^#]*/.exec(sortKey)?.[0] } : {}),
          ...(partition !== undefined ? { partition } : {}),
          ...capacityOf(result.output, command),
          indexWriteUnits: indexWritesOf(input, command, this.indexKeys),
        });
        return result;
      },
      { step: 'initialize', name: 'benchDynamoMeter', override: true },
    );
  }

  /** Runs `work` with its requests tagged as `phase`; phases must not overlap. */
  async phase<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const previous = this.currentPhase;
    this.currentPhase = phase;
    try {
      return await work();
    } finally {
      this.currentPhase = previous;
    }
  }

  inPhases(...phases: string[]): DynamoRequest[] {
    return this.requests.filter((request) => phases.includes(request.phase));
  }
}

export function tally(requests: readonly DynamoRequest[]): DynamoTally {
  const result: DynamoTally = { engine: 0, localOnly: 0, rcu: 0, wcu: 0, gsiWcu: 0, byCommand: {} };
  for (const request of requests) {
    const byCommand = result.byCommand[request.command] ?? { engine: 0, localOnly: 0, wcu: 0 };
    result.byCommand[request.command] = byCommand;
    if (request.localOnly) {
      result.localOnly++;
      byCommand.localOnly++;
    } else {
      result.engine++;
      byCommand.engine++;
      result.rcu += request.readUnits;
      result.wcu += request.writeUnits;
      result.gsiWcu += request.indexWriteUnits;
      byCommand.wcu += request.writeUnits + request.indexWriteUnits;
    }
  }
  return result;
}

/** The forbidden operations that appear in `requests`, with their counts. */
export function forbiddenSeen(requests: readonly DynamoRequest[]): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const { command } of requests) {
    if ((FORBIDDEN_COMMANDS as readonly string[]).includes(command)) seen[command] = (seen[command] ?? 0) + 1;
  }
  return seen;
}

/** The budget every scenario shares: none of the forbidden operations was seen. */
export function noForbiddenCommandsBudget(
  scenario: string,
  forbidden: Record<string, number>,
): { name: string; actual: string; limit: string; pass: boolean } {
  const clean = Object.keys(forbidden).length === 0;
  return {
    name: `${scenario}: no Scan / Transact* / PartiQL commands`,
    actual: clean ? 'none seen' : JSON.stringify(forbidden),
    limit: 'none',
    pass: clean,
  };
}
