import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's shape, shared by the CDK stack and the local bootstrap so
 * the embedded server and DynamoDB always agree.
 *
 * | item         | pk              | sk             | gsi1 (email, message ref) | gsi2 (phone) | gsi3 (pending alarm) | gsi4 (directory)  |
 * | ------------ | --------------- | -------------- | ------------------------- | ------------ | -------------------- | ----------------- |
 * | profile      | C#<customerId>  | #PROFILE       | EMAIL#<email>             | PHONE#<e164> | ALARM#<UTC hour>     | DIR#<shard>       |
 * | deal         | C#<customerId>  | DEAL#<dealId>  |                           |              |                      |                   |
 * | message      | C#<customerId>  | MSG#<id>       | MSG#<id>                  |              |                      |                   |
 * | reply / task | C#<customerId>  | RPL#/TASK#<id> |                           |              |                      |                   |
 * | referral     | C#<referrerId>  | REF#<referred> |                           |              |                      |                   |
 * | note / event | C#<customerId>  | NOTE#/EVT#<id> |                           |              |                      |                   |
 * | contact      | CONTACT#<sha256 of email/phone> | CONTACT (holders: ids) |  |              |                      |                   |
 * | contacts done | CONTACTS       | COMPLETE       |                           |              |                      |                   |
 * | receipt      | RCPT#<key>      | RCPT           |                           |              |                      |                   |
 * | suppression  | SUP#<address>   | SUP            |                           |              |                      |                   |
 * | stats        | STATS           | VALUE, TPLW#<week>#<t> |                   |              |                      |                   |
 * | inbox        | INBOX           | <0/1>#<at>#<id>|                           |              |                      |                   |
 * | task board   | TASKS           | <status>#<at>#…|                           |              |                      |                   |
 * | segment      | SEGMENTS        | SEG#<id>       |                           |              |                      |                   |
 * | campaign     | CAMPAIGN#<id>   | #CAMPAIGN      | CAMPAIGNS (by createdAt)  |              |                      |                   |
 * | counters     | CAMPAIGN#<id>   | CNT#<n>        |                           |              |                      |                   |
 * | redemptions  | CAMPAIGN#<id>   | RDM#/RDX#<…>   |                           |              |                      |                   |
 * | live content | CONTENT         | CUR#<key>      |                           |              |                      |                   |
 * | version      | CONTENT#<key>   | V#<n, padded>  |                           |              |                      |                   |
 * | user / claim | USERS           | USER#/EMAIL#…  |                           |              |                      |                   |
 * | link         | LINK#<hash>     | LINK           |                           |              |                      |                   |
 * | session      | SESSION#<hash>  | SESSION        |                           |              |                      |                   |
 * | sign-ins     | SIGNIN#<key>    | SIGNIN         |                           |              |                      |                   |
 * | audit        | AUDIT           | <at>#<id>      | AUDITBY#<actor>           | AUDITOF#<target> |                  |                   |
 * | owner inbox  | INBOX#<email>   | as the inbox   |                           |              |                      |                   |
 * | owner tasks  | TASKS#<email>   | as the board   |                           |              |                      |                   |
 * | live versions | LIVE           | VERSIONS       |                           |              |                      |                   |
 * | endpoint     | HOOKS           | EP#<id>        |                           |              |                      |                   |
 * | delivery     | HOOK#<subject>  | <ep>#<hook id> | HOOKLOG#<ep> (by time)    | HOOKDEAD#<ep> (dead only) |         |                   |
 *
 * gsi3 is sparse: a profile is in it only while an alarm is pending, under
 * the hour of `nextAt` (`ALARM#2027-02-06T09`, sort key `<nextAt>#<customerId>`),
 * so the recovery sweep reads overdue alarms an hour at a time, never a scan.
 *
 * gsi4 is the customer directory segments are read from: every profile under
 * `DIR#<shard>` (a hash of the id), sorted by `<country>#<city>#<customerId>`,
 * projecting the two small fact maps a segment filter needs (`dirProfile`
 * from the file, with the card a customer search shows, `dirState` from the
 * engine's state).
 *
 * The inbox and the task board are small copies of reply and task entries in
 * one partition each, written beside the timeline's entry (replies and tasks
 * are rare next to sends), so the console lists them with one Query, no index;
 * each owner's share is a second copy in a partition of its own.
 *
 * Links, sessions and sign-in counts carry `expiresAt` (epoch seconds), the
 * table's TTL attribute, so DynamoDB deletes them once they have ended. An
 * audit entry is in gsi1 under its actor and in gsi2 under its target (both
 * keys-only), so the trail is read whole, by actor or by target with one Query.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', include: ['dirProfile', 'dirState'] },
  ],
} as const;

/** The non-key attributes an index projects, or none (KEYS_ONLY). */
export function projectedAttributes(index: (typeof tableDesign.indexes)[number]): readonly string[] {
  return 'include' in index ? index.include : [];
}

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
      Projection: projectedAttributes(index).length
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projectedAttributes(index)] }
        : { ProjectionType: 'KEYS_ONLY' },
    })),
  };
}
