import type { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { createSetupMailStatements, TABLE_ACTIONS } from './engine-grants';
import { NurtureFunction } from './nurture-function';

export interface FirstAdminProps {
  readonly table: dynamodb.TableV2;
  readonly adminEmail: string;
  readonly sendingAddress: string;
  readonly businessName: string;
  readonly publicUrl: string;
}

/**
 * The console's first admin, from the stack's `adminEmail`: a function that
 * makes their account while the team has nobody and emails them a one-time
 * setup link, invoked by the deploy itself (a custom resource, on create and
 * whenever the admin email changes; `aws lambda invoke` on it sends a fresh
 * link). It reads no secret, so it works on the very first deploy.
 *
 * Its resources belong to the stack itself (construct ids `FirstAdmin`,
 * `FirstAdminSetup`).
 *
 * @example const firstAdmin = new FirstAdmin(this, { table, adminEmail, sendingAddress, businessName, publicUrl });
 */
export class FirstAdmin {
  readonly function: NurtureFunction;
  readonly setup: cr.AwsCustomResource;

  constructor(stack: Stack, props: FirstAdminProps) {
    this.function = new NurtureFunction(stack, 'FirstAdmin', {
      entry: 'functions/handlers/first-admin.ts',
      description: "Makes the console's first admin and emails their setup link",
      environment: {
        NURTURE_TABLE: props.table.tableName,
        NURTURE_ADMIN_EMAIL: props.adminEmail,
        NURTURE_FROM: props.sendingAddress,
        NURTURE_BUSINESS_NAME: props.businessName,
        NURTURE_PUBLIC_URL: props.publicUrl,
      },
      statements: createSetupMailStatements(stack),
    });
    props.table.grant(this.function, ...TABLE_ACTIONS);

    const invoke: cr.AwsSdkCall = {
      service: 'Lambda',
      action: 'invoke',
      parameters: {
        FunctionName: this.function.functionName,
        InvocationType: 'RequestResponse',
        // What it acts on: a new admin email is a change, and runs it again.
        Payload: JSON.stringify({ adminEmail: props.adminEmail }),
      },
      physicalResourceId: cr.PhysicalResourceId.of('first-admin'),
      // The answer's payload is not needed, and a large one would not fit CloudFormation's response.
      outputPaths: ['StatusCode'],
    };
    this.setup = new cr.AwsCustomResource(stack, 'FirstAdminSetup', {
      onCreate: invoke,
      onUpdate: invoke,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.function.functionArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
  }
}
