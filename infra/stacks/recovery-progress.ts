/**
 * The whole deployment of one stage: the data stack, the service stack that receives its
 * table, and the cdk-nag AwsSolutions checks over both. Used by the app entry and the tests.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deploymentConfig, type DeploymentConfig } from '../config.ts';
import { projectName, stackNames } from '../naming.ts';
import { DataStack } from './data-stack.ts';
import { ServiceStack } from './service-stack.ts';

export interface RecoveryProgressStacks {
  config: DeploymentConfig;
  data: DataStack;
  service: ServiceStack;
}

export function defineStacks(app: App): RecoveryProgressStacks {
  const config = deploymentConfig(app);
  const names = stackNames(config.stage);
  // No env: the stacks are environment-agnostic, so synth needs no credentials or lookups;
  // `cdk deploy` targets the account and region of the credentials in use.
  const tags = { project: projectName, stage: config.stage };
  const data = new DataStack(app, names.data, {
    stackName: names.data,
    description: `Recovery progress (${config.stage}): the progress table and its stream`,
    config,
    tags,
  });
  const service = new ServiceStack(app, names.service, {
    stackName: names.service,
    description: `Recovery progress (${config.stage}): functions, HTTP API, stream consumer and alarms`,
    config,
    table: data.table,
    tags,
  });
  // Synth stops on any finding that is neither fixed nor acknowledged with a reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, data, service };
}
