/**
 * The whole deployment of one stage, configured by its stage file: the data stack, the
 * service stack that finds the table by name, with `waf` the edge stack in us-east-1 that holds
 * the distribution's web ACL, and the cdk-nag AwsSolutions checks over them all.
 * Used by the app entry and the tests.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeploymentConfig, deploymentConfig, describeStage, type LoadedStage } from '../config.ts';
import { projectName, stackNames } from '../naming.ts';
import { DataStack } from './data-stack.ts';
import { EdgeStack } from './edge-stack.ts';
import { ServiceStack } from './service-stack.ts';

export interface RecoveryProgressStacks {
  config: DeploymentConfig;
  /** The stage file in use and the `-c` overrides applied to it. */
  stage: LoadedStage;
  data: DataStack;
  service: ServiceStack;
  /** The web ACL, with `waf`. */
  edge: EdgeStack | undefined;
}

export interface DefineStacksOptions {
  /** Where the stage files are; tests use their own. */
  stagesDirectory?: string;
  /** Where the stage file and the overrides in effect are reported: stderr, so templates on stdout stay clean. */
  report?: (line: string) => void;
}

export function defineStacks(app: App, options: DefineStacksOptions = {}): RecoveryProgressStacks {
  const stage = deploymentConfig(app, options.stagesDirectory ? { directory: options.stagesDirectory } : {});
  const report = options.report ?? ((line: string) => console.error(line));
  for (const line of describeStage(stage)) report(line);
  const { config } = stage;
  const names = stackNames(config.stage);
  // No env: the stacks are environment-agnostic, so synth needs no credentials or lookups;
  // `cdk deploy` targets the account and region of the credentials in use.
  const tags = { project: projectName, stage: config.stage };
  // A kept stage's stacks cannot be deleted by mistake; a throw-away one goes with one command.
  const terminationProtection = !config.throwAway;
  const data = new DataStack(app, names.data, {
    stackName: names.data,
    description: `Recovery progress (${config.stage}): the progress table and its stream`,
    config,
    tags,
    terminationProtection,
  });
  const service = new ServiceStack(app, names.service, {
    stackName: names.service,
    description: `Recovery progress (${config.stage}): functions, HTTP API, stream consumer and alarms`,
    config,
    tags,
    terminationProtection,
  });
  // The service stack reads the data stack's table by name at deployment, so the table must be
  // there first. An ordering dependency only: unlike a cross-stack reference, it exports nothing.
  service.addStackDependency(data, 'The service stack uses the table of the data stack');
  const edge = config.waf
    ? new EdgeStack(app, names.edge, {
        stackName: names.edge,
        description: `Recovery progress (${config.stage}): the web ACL of the CloudFront distribution`,
        config,
        tags,
        terminationProtection,
      })
    : undefined;
  // The service stack reads the web ACL's ARN from the edge stack's parameter at deployment.
  if (edge) service.addStackDependency(edge, "The service stack's distribution uses the web ACL of the edge stack");
  // Synth stops on any finding that is neither fixed nor acknowledged with a reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, stage, data, service, edge };
}
