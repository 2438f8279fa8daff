import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, tableDesign } from '../ports/store/dynamodb/index';

/**
 * Creates the table on the embedded server unless it exists, and returns once
 * it is ACTIVE: a new table answers requests only then, and a request that
 * races its creation fails with ResourceNotFoundException. (On AWS the table
 * is created by the stack.)
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ missingIndexes: string[] }> {
  let missingIndexes: string[] = [];
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // The embedded server cannot add an index to a table it keeps: data filed by an older
    // version lacks the newer indexes (and what needs them) until it is filed afresh.
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    missingIndexes = tableDesign.indexes.map((index) => index.name).filter((name) => !present.has(name));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  }
  for (let attempt = 0; attempt < 250; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return { missingIndexes };
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
