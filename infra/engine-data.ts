import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { projectedAttributes, tableDesign } from '../functions/ports/store/dynamodb/table';

/**
 * The engine's keys, in one Secrets Manager secret read once per container:
 * never in the template or in the functions' environment. Secrets Manager
 * generates the signing key; the operator puts the webhook secret and the API
 * key hashes in (README, "Secrets"). Retained: the signing key signs the
 * unsubscribe links in every email already sent.
 *
 * @example const secret = createEngineSecret(this); // construct id `Secrets`
 */
export function createEngineSecret(scope: Construct): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, 'Secrets', {
    description:
      'Nurture engine keys (JSON): signingKey (generated), webhookSecret and apiKeySha256 (set by the operator)',
    generateSecretString: {
      secretStringTemplate: '{}',
      generateStringKey: 'signingKey',
      passwordLength: 64,
      excludePunctuation: true,
    },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * The single table, laid out from the runtime's own table design so the two
 * cannot drift apart. Customer files are the product: recoverable to the
 * second, and never deleted with the stack.
 *
 * @example const table = createEngineTable(this); // construct id `Table`
 */
export function createEngineTable(scope: Construct): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, 'Table', {
    partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.onDemand(),
    timeToLiveAttribute: tableDesign.ttlAttribute,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    globalSecondaryIndexes: tableDesign.indexes.map((index) => ({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      ...(projectedAttributes(index).length
        ? {
            projectionType: dynamodb.ProjectionType.INCLUDE,
            nonKeyAttributes: [...projectedAttributes(index)],
          }
        : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
    })),
  });
}
