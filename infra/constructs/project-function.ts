/**
 * A Lambda function with the project's defaults: Node 22 on arm64, an ESM bundle with the AWS
 * SDK inside, built by the esbuild npm package (never Docker) with code splitting
 * (infra/bundling.ts), its own log group with a set retention, Powertools settings and active
 * tracing. The role starts with nothing but writing to that log group; every other permission
 * is granted explicitly.
 */
import { resolve } from 'node:path';
import { AssetHashType, DockerImage, Duration, type ILocalBundling, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionDefinition } from '#shared/function-definition';
import { functionEnvironment, type SettingName } from '#shared/settings';
import { entryOf } from '../../functions/index.ts';
import { bundleFunctionSync } from '../bundling.ts';
import type { DeploymentConfig } from '../config.ts';
import { projectName } from '../naming.ts';

const projectRoot = resolve(import.meta.dirname, '../..');

export const functionDefaults = {
  runtime: Runtime.NODEJS_22_X,
  architecture: Architecture.ARM_64,
  memoryMb: 256,
  /** The same default the local runtime gives a handler. */
  timeoutSeconds: 10,
} as const;

/**
 * What every function's environment holds besides its settings (exported for the benchmark):
 * nothing. No NODE_OPTIONS=--enable-source-maps, which would load a map at every cold start.
 */
export const lambdaRuntimeEnvironment: Record<string, string> = {};

/**
 * Builds one function on this machine: its bundle and chunks (infra/bundling.ts). Pages and
 * emails read no files at run time: their views are compiled into the bundle
 * (shared/views/compiled), and the pages' assets are served from the assets bucket. Its fields
 * are part of the key the CDK caches a bundled asset by, so each function is bundled for itself.
 */
class FunctionBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleFunctionSync({ entry: this.entry, outdir: outputDir });
    return true;
  }
}

/**
 * The function's code, bundled locally. CDK's NodejsFunction cannot split code (it gives esbuild
 * one output file). The asset's hash is that of the output, as NodejsFunction's is.
 */
function codeOf(definition: FunctionDefinition): Code {
  return Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never run: local bundling builds every function or throws.
      image: DockerImage.fromRegistry('scratch'),
      local: new FunctionBundling(entryOf(definition.name)),
    },
  });
}

export interface ProjectFunctionProps {
  definition: FunctionDefinition;
  config: Pick<DeploymentConfig, 'logLevel' | 'logRetentionDays' | 'removalPolicy'>;
  /** Values of the settings this deployment gives its functions; each function gets those its flags call for. */
  settings: { [K in SettingName]?: string | number };
}

export class ProjectFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, { definition, config, settings }: ProjectFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: config.logRetentionDays as RetentionDays,
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: write to this log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, 'Function', {
      code: codeOf(definition),
      handler: 'index.handler',
      description: definition.description,
      runtime: functionDefaults.runtime,
      architecture: functionDefaults.architecture,
      memorySize: definition.memoryMb ?? functionDefaults.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds ?? functionDefaults.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...functionEnvironment(definition, settings, { serviceName: projectName, logLevel: config.logLevel }),
        ...lambdaRuntimeEnvironment,
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The project pins Node.js 22 on Lambda (the version its code, esbuild target and tests are written for); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK release.',
    });
  }
}
