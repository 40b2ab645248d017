import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Duration } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';

/**
 * The Lambda runtime of every handler: the newest Node.js this aws-cdk-lib knows (AWS best
 * practice AwsSolutions-L1 asks for the latest of the family).
 */
export const HANDLER_RUNTIME = Runtime.NODEJS_24_X;

/** Props of {@link ControllerFunction}. */
export interface ControllerFunctionProps {
  /** The handler's TypeScript file; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Variables the handler reads (`lambdas/shared/config.ts`), besides the shared ones. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Concurrency reserved for, and capping, the function.
   * @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * One handler: its function, bundled from TypeScript by esbuild on the machine that synthesizes
 * (no Docker); an execution role that starts with nothing but writing to its own log group; and
 * that log group, kept three months.
 *
 * The bundle is CommonJS for Node.js on arm64: esbuild converts the ESM-only dependencies
 * (`@octokit/*`) and needs no `require` shim, and `@aws-sdk/*` stays external, so the runtime's
 * own SDK is used. Minified, with source maps that stack traces follow (`--enable-source-maps`).
 */
export class ControllerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ControllerFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: HANDLER_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'plumbline',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
      },
    });
  }
}
