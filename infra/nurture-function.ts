import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, type ILocalBundling, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { LAMBDA_BUILD_OPTIONS } from './lambda-bundling';

/** The repository root: the handlers, `templates/` and the built console are all resolved from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Lambda memory unless a function asks for more (the cost bench prices GB-seconds from these). */
export const DEFAULT_MEMORY_MB = 256;
export const API_MEMORY_MB = 512;

/** Where the bundle keeps the marketers' templates; relative because Lambda's cwd is /var/task. */
export const TEMPLATES_DIR_IN_BUNDLE = 'templates';
/** Read beside the bundle by functions/core/customers/phone.ts (`./phone-metadata.json`). */
const PHONE_METADATA_SOURCE = 'functions/core/customers/phone-metadata.json';

/** What `npm run build` makes (the console, the API docs' scripts) and the api serves from `dist/` beside its code. */
export const STATIC_ASSET_DIRS = ['dist/console', 'dist/docs'] as const;

export interface NurtureFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/handlers/api.ts`; must export `handler`. */
  readonly entry: string;
  /** Runtime settings beyond the ones every function gets (templates dir, source maps). */
  readonly environment?: Record<string, string>;
  /** A fixed name, only when something must know the ARN before the function exists. */
  readonly functionName?: string;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /**
   * Waiting on DynamoDB, SQS and the providers is most of what the handlers do,
   * so the default is small; the API (cold starts users wait on) and MIME
   * parsing get more.
   * @default 256
   */
  readonly memorySize?: number;
  readonly description?: string;
  /** Extra least-privilege statements for this function's role. */
  readonly statements?: iam.PolicyStatement[];
  /**
   * Where asynchronous invocations (S3 and SNS events) go once Lambda's own
   * retries are spent, so a reply the handler kept failing on is not lost.
   * @default none (api and fire are invoked synchronously or by the scheduler, which has its own)
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Executions reserved for (and capping) this function. @default none */
  readonly reservedConcurrency?: number;
  /** Ships the built console and API docs (`npm run build`) beside the code. @default false */
  readonly staticAssets?: boolean;
}

/**
 * The one place Lambda defaults live (runtime, arch, bundling, logs), so the
 * handlers differ only in entry, environment and grants. It is IGrantable,
 * so `table.grantReadWriteData(fn)` works on it directly.
 *
 * @example new NurtureFunction(this, 'Fire', { entry: 'functions/handlers/fire.ts', environment });
 */
export class NurtureFunction extends Construct implements iam.IGrantable {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: NurtureFunctionProps) {
    super(scope, id);

    // Created explicitly (not logRetention) so retention needs no custom resource.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      // Logs expire anyway; keeping them after the stack is gone only leaves clutter.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy,
    // whose logs:CreateLogGroup/PutLogEvents apply to every log group in the account:
    // this one may write to its own log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      ...(props.description ? { description: `Runs: ${props.description}`.slice(0, 1000) } : {}),
    });
    this.logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Function', {
      role,
      code: lambda.Code.fromAsset(REPO_ROOT, {
        // Hashed after bundling, so a change anywhere in what ships redeploys and nothing else does.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local esbuild always bundles (no Docker on build machines).
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: new LocalBundling(props.entry, props.staticAssets ?? false),
        },
      }),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      // Graviton: cheaper per GB-second and nothing here is x86-specific.
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(30),
      logGroup: this.logGroup,
      // The handlers write one JSON line per event (and Powertools its metric lines) straight to
      // stdout. Lambda's own START/END/REPORT lines add a third of a KB per invocation for what
      // its metrics already show: JSON format with system logs at WARN keeps only its warnings.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      ...(props.functionName ? { functionName: props.functionName } : {}),
      ...(props.description ? { description: props.description } : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        NURTURE_TEMPLATES_DIR: TEMPLATES_DIR_IN_BUNDLE,
        ...props.environment,
      },
    });
    this.grantPrincipal = this.function.grantPrincipal;

    for (const statement of props.statements ?? []) this.function.addToRolePolicy(statement);
  }

  get functionArn(): string {
    return this.function.functionArn;
  }

  get functionName(): string {
    return this.function.functionName;
  }
}

/**
 * Builds the handler into `outputDir` as it deploys: `index.mjs` and its lazily
 * loaded chunks (infra/lambda-bundling.ts), the templates and rules read from
 * disk at cold start, the phone metadata read on the first number
 * (functions/core/customers/phone.ts), and the built console when asked.
 * What it builds is in its fields: the CDK keys its bundling cache by the
 * options' JSON, so two functions whose options differed only in a closure
 * would share one bundle.
 */
class LocalBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly staticAssets: boolean,
  ) {}

  tryBundle(outputDir: string): boolean {
    buildSync({
      ...LAMBDA_BUILD_OPTIONS,
      absWorkingDir: REPO_ROOT,
      entryPoints: [path.join(REPO_ROOT, this.entry)],
      outdir: outputDir,
    });
    cpSync(path.join(REPO_ROOT, 'templates'), path.join(outputDir, TEMPLATES_DIR_IN_BUNDLE), {
      recursive: true,
    });
    copyFileSync(path.join(REPO_ROOT, PHONE_METADATA_SOURCE), path.join(outputDir, 'phone-metadata.json'));
    if (!this.staticAssets) return true;
    for (const dir of STATIC_ASSET_DIRS) {
      mkdirSync(path.dirname(path.join(outputDir, dir)), { recursive: true });
      cpSync(path.join(REPO_ROOT, dir), path.join(outputDir, dir), { recursive: true });
    }
    return true;
  }
}
