/**
 * A Lambda function with the project's defaults: Node 22 on arm64, an ESM bundle built by the
 * esbuild npm package (never Docker) with the AWS SDK inside, its own log group with a set
 * retention, Powertools settings and active tracing. The role starts with nothing but
 * writing to that log group; every other permission is granted explicitly.
 */
import { dirname, join, resolve } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionDefinition } from '#shared/function-definition';
import { functionEnvironment, type SettingName } from '#shared/settings';
import { entryOf } from '../../functions/index.ts';
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

/** ESM has no `require`; some bundled CommonJS dependencies still call it. Aliased, so no module's own `createRequire` collides with it unminified. */
const createRequireBanner = "import { createRequire as createBannerRequire } from 'module'; const require = createBannerRequire(import.meta.url);";

/**
 * How every function is bundled (NodejsFunction's `bundling`, less the hooks that copy a
 * function's run-time files). Exported so the benchmark builds exactly what is deployed.
 */
export const lambdaBundling = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // No map in the zip and none loaded: `npm run stack-trace` maps a logged stack trace with the
  // maps of the same build (infra/source-maps.ts; the figures: docs/performance.md#decisions-the-figures-support).
  sourceMap: false,
  mainFields: ['module', 'main'],
  banner: createRequireBanner,
  // Bundle the SDK: a pinned, tree-shaken client instead of whatever the runtime ships.
  externalModules: [],
  forceDockerBundling: false,
} satisfies BundlingOptions;

/**
 * What every function's environment holds besides its settings (exported for the benchmark, as
 * above): nothing. No NODE_OPTIONS=--enable-source-maps, which would load a map at every cold start.
 */
export const lambdaRuntimeEnvironment: Record<string, string> = {};

type RuntimeFileKind = NonNullable<FunctionDefinition['files']>[number];

/**
 * Where the files a handler reads at run time come from, and where they go beside the bundle.
 * Pages and emails read none: their views are compiled into the bundle (shared/views/compiled).
 */
const runtimeFiles: Record<RuntimeFileKind, { from: string; to: string }[]> = {
  assets: [
    { from: 'shared/pages/app.css', to: 'app.css' },
    { from: 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css', to: 'govuk-frontend/govuk/govuk-frontend.min.css' },
    { from: 'node_modules/govuk-frontend/dist/govuk/assets', to: 'govuk-frontend/govuk/assets' },
  ],
};

/** What to copy for these kinds of run-time file. */
export function runtimeCopies(kinds: Iterable<RuntimeFileKind>): { from: string; to: string }[] {
  return [...kinds].flatMap((kind) => runtimeFiles[kind]);
}

/** Copies a function's run-time files beside its bundle (local commands: no Docker). */
function copyFiles(kinds: NonNullable<FunctionDefinition['files']>): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      runtimeCopies(kinds).flatMap(({ from, to }) => [
        `mkdir -p "${dirname(join(outputDir, to))}"`,
        `cp -R "${join(inputDir, from)}" "${join(outputDir, to)}"`,
      ]),
  };
}

export interface ProjectFunctionProps {
  definition: FunctionDefinition;
  config: Pick<DeploymentConfig, 'logLevel' | 'logRetentionDays' | 'removalPolicy'>;
  /** Values of the settings this deployment gives its functions; each function gets those its flags call for. */
  settings: { [K in SettingName]?: string | number };
}

export class ProjectFunction extends Construct {
  readonly function: NodejsFunction;
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

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(projectRoot, entryOf(definition.name)),
      handler: 'handler',
      description: definition.description,
      runtime: functionDefaults.runtime,
      architecture: functionDefaults.architecture,
      memorySize: definition.memoryMb ?? functionDefaults.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds ?? functionDefaults.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      environment: {
        ...functionEnvironment(definition, settings, { serviceName: projectName, logLevel: config.logLevel }),
        ...lambdaRuntimeEnvironment,
      },
      bundling: {
        ...lambdaBundling,
        ...(definition.files?.length ? { commandHooks: copyFiles(definition.files) } : {}),
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The project pins Node.js 22 on Lambda (the version its code, esbuild target and tests are written for); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK release.',
    });
  }
}
