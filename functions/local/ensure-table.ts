import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, tableDesign } from '../ports/store/dynamodb/index';

/** Whether the table exists on the embedded server (before `ensureTable`: a table it makes holds nothing). */
export async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/**
 * Creates the table on the embedded server unless it exists, and returns once
 * it is ACTIVE: a new table answers requests only then, and a request that
 * races its creation fails with ResourceNotFoundException. (On AWS the table
 * is created by the stack.) Answers the indexes of the table design an
 * existing table lacks: the embedded server cannot add an index to a table,
 * so data kept from an older version runs without them.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ missingIndexes: string[] }> {
  if (!(await tableExists(client, tableName))) {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  }
  for (let attempt = 0; attempt < 250; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') {
      const present = new Set((Table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
      return { missingIndexes: tableDesign.indexes.map((i) => i.name).filter((name) => !present.has(name)) };
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
