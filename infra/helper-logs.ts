import { CfnResource, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';

/** How long CDK's deploy-time helpers keep their logs: as long as the engine's functions. */
export const HELPER_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * Gives every function of the stack that has no log group of its own (CDK's
 * deploy-time helpers: the custom-resource handler that activates the receipt
 * rule set, the bucket-notifications handler) a log group with a retention.
 * Left alone, Lambda creates `/aws/lambda/<name>` on their first run, kept
 * forever and outside the stack, so `cdk destroy` leaves it behind. Their
 * roles carry AWSLambdaBasicExecutionRole, which may write to any log group.
 *
 * Call it once every function exists. Each log group is a child `Logs` of the
 * helper, which the function now names, so it exists before the first run.
 *
 * @example giveHelpersLogGroups(this);
 */
export function giveHelpersLogGroups(stack: Stack): void {
  const withoutLogGroup = stack.node
    .findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct))
    .filter((resource) => resource.cfnResourceType === 'AWS::Lambda::Function' && !hasLogGroup(resource));
  for (const fn of withoutLogGroup) {
    const logGroup = new logs.LogGroup(fn.node.scope!, 'Logs', {
      retention: HELPER_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    fn.addPropertyOverride('LoggingConfig.LogGroup', logGroup.logGroupName);
  }
}

/**
 * Whether the function already names its log group: an L1 function says so
 * in its properties; CDK's inline handlers (plain CfnResources of the Lambda
 * type, like the bucket-notifications one) set none, unless given one here.
 */
function hasLogGroup(resource: CfnResource): boolean {
  if (resource instanceof lambda.CfnFunction) {
    const config = resource.loggingConfig as lambda.CfnFunction.LoggingConfigProperty | undefined;
    return config?.logGroup !== undefined;
  }
  return resource.node.scope?.node.tryFindChild('Logs') !== undefined;
}
