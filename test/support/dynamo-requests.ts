import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** One request as sent: its operation, and the partitions and items it named. */
export interface SeenDynamoRequest {
  command: string;
  /** `pk` or `pk|sk` of each key or item the request named (a Query's `:pk`). */
  keys: string[];
}

/** A key attribute as the document client has it (a string) or as the wire does (`{ S }`). */
type Attr = string | { S?: string };
type Key = { pk?: Attr; sk?: Attr };

const text = (attr: Attr | undefined) => (typeof attr === 'string' ? attr : attr?.S);

function keyOf(key: Key | undefined): string[] {
  const pk = text(key?.pk);
  const sk = text(key?.sk);
  return pk === undefined ? [] : [sk === undefined ? pk : `${pk}|${sk}`];
}

function keysOf(input: Record<string, unknown>): string[] {
  const values = input.ExpressionAttributeValues as Record<string, Attr> | undefined;
  const partition = text(values?.[':pk']);
  if (partition !== undefined) return [partition];
  const requests = input.RequestItems as Record<string, { Keys?: Key[] }> | undefined;
  if (requests) return Object.values(requests).flatMap((r) => (r.Keys ?? []).flatMap(keyOf));
  return keyOf((input.Key ?? input.Item) as Key | undefined);
}

/**
 * Every request `client` sends while `work` runs, with the keys it names:
 * what a test counts is what DynamoDB would be asked.
 * @example const [, seen] = await requestsDuring(engine.dynamo, () => fireCustomer(engine.deps, 'c-1'));
 */
export async function requestsDuring<T>(
  client: DynamoDBClient,
  work: () => Promise<T>,
): Promise<[T, SeenDynamoRequest[]]> {
  const seen: SeenDynamoRequest[] = [];
  const name = `requests-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      seen.push({
        command: (context.commandName ?? '').replace(/Command$/, ''),
        keys: keysOf(args.input as Record<string, unknown>),
      });
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return [await work(), seen];
  } finally {
    client.middlewareStack.remove(name);
  }
}
