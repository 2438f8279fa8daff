import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's shape, shared by the CDK stack and the local bootstrap so
 * the embedded server and DynamoDB always agree.
 *
 * | item         | pk              | sk             | gsi1 (email, message ref) | gsi2 (phone) | gsi3 (pending alarm)  |
 * | ------------ | --------------- | -------------- | ------------------------- | ------------ | --------------------- |
 * | profile      | C#<customerId>  | #PROFILE       | EMAIL#<email>             | PHONE#<e164> | ALARM#<UTC hour>      |
 * | deal         | C#<customerId>  | DEAL#<dealId>  |                           |              |                       |
 * | message      | C#<customerId>  | MSG#<id>       | MSG#<id>                  |              |                       |
 * | reply / task | C#<customerId>  | RPL#/TASK#<id> |                           |              |                       |
 * | note / event | C#<customerId>  | NOTE#/EVT#<id> |                           |              |                       |
 * | receipt      | RCPT#<key>      | RCPT           |                           |              |                       |
 * | suppression  | SUP#<address>   | SUP            |                           |              |                       |
 * | stats        | STATS           | VALUE, TPL#<t> |                           |              |                       |
 *
 * gsi3 is sparse: a profile is in it only while an alarm is pending, under
 * the hour of `nextAt` (`ALARM#2027-02-06T09`, sort key `<nextAt>#<customerId>`),
 * so the recovery sweep reads overdue alarms an hour at a time, never a scan.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

/** CreateTable input for a local server (DynamoDB itself is created by CDK). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([tableDesign.partitionKey, tableDesign.sortKey]);
  for (const index of tableDesign.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDesign.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    })),
  };
}
