/**
 * Which table an operator command works on: the running local stack (the default), or with
 * `--stage <stage>` the table of that deployed stage, named by its stage file, in the account
 * and region of the standard AWS credential chain (checked against the deployed service stack).
 */
import { userInfo } from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Actor } from '#shared/domain/audit';
import { DeploymentConfigError, loadStage } from '../../config.ts';
import { outputKeys, stackNames, stagePattern, tableName } from '../../naming.ts';
import { localCredentials, localSettings } from '../settings.ts';
import { type TableStores, tableStores } from '../stores.ts';

export interface Target {
  stores: TableStores;
  /** Where the command acts, for messages. */
  describe: string;
  /** Set when the target is a deployed stage. */
  stage?: string;
  /** Who the audit log names for the operator's acts. */
  operator(): Promise<Actor>;
  close(): void;
}

/** The operator on this machine: the OS user. */
const localOperator = async (): Promise<Actor> => ({ role: 'operator', name: userInfo().username });

function localStore(): Target {
  const settings = localSettings();
  const client = new DynamoDBClient({ region: settings.AWS_REGION, endpoint: settings.dynamoDbEndpoint, credentials: localCredentials, maxAttempts: 2 });
  return {
    stores: tableStores(settings.TABLE_NAME, client),
    describe: `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}`,
    operator: localOperator,
    close: () => client.destroy(),
  };
}

/** A deployed stage could not be found or read; the message says what to do. */
export class StageLookupError extends Error {
  override readonly name = 'StageLookupError';
}

/**
 * The table a stage works on, from its stage file (infra/stages/<stage>.json): the table the
 * file names after a restore, or else the data stack's own, whose name is fixed. The same
 * reading the CDK app does, so the commands and the deployment agree once it is deployed.
 */
export function tableOfStage(stage: string, stagesDirectory?: string): string {
  if (!stagePattern.test(stage)) throw new StageLookupError(`"${stage}" is not a stage name: lower-case letters, digits and hyphens.`);
  try {
    const { config } = loadStage(stage, stagesDirectory ? { directory: stagesDirectory } : {});
    return config.table?.name ?? tableName(stage);
  } catch (error) {
    if (error instanceof DeploymentConfigError) throw new StageLookupError(error.message);
    throw error;
  }
}

/**
 * An output of the deployed service stack of a stage, or undefined when the stack has no such
 * output. Fails, saying where it looked, when the stage is not deployed in the region of the
 * credentials.
 */
async function serviceOutput(stage: string, key: string, cloudFormation: CloudFormationClient): Promise<string | undefined> {
  const stackName = stackNames(stage).service;
  let stacks;
  try {
    ({ Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) {
      const region = await cloudFormation.config.region().catch(() => 'the configured region');
      throw new StageLookupError(
        `Stage "${stage}" is not deployed here: no stack ${stackName} in ${region}. Check AWS_REGION / AWS_PROFILE, or deploy it with: npm run deploy -- -c stage=${stage}`,
      );
    }
    throw error;
  }
  return stacks?.[0]?.Outputs?.find((output) => output.OutputKey === key)?.OutputValue;
}

/** The table the deployed service stack of a stage uses (its TableInUse output). */
export function deployedTableOfStage(stage: string, cloudFormation: CloudFormationClient): Promise<string | undefined> {
  return serviceOutput(stage, outputKeys.tableInUse, cloudFormation);
}

/**
 * Invokes a deployed function of a stage, found by the service stack output that names it,
 * and returns its answer, so the run is logged and counted in the account like a scheduled one.
 */
export async function invokeDeployed<T>(
  stage: string,
  outputKey: string,
  payload: unknown,
  cloudFormation = new CloudFormationClient({ maxAttempts: 3 }),
  lambda?: LambdaClient,
): Promise<T> {
  try {
    const functionName = await serviceOutput(stage, outputKey, cloudFormation);
    if (!functionName)
      throw new StageLookupError(
        `The service stack of stage "${stage}" has no ${outputKey} output: deploy this version with npm run deploy -- -c stage=${stage}`,
      );
    const client = lambda ?? new LambdaClient({ region: await cloudFormation.config.region(), maxAttempts: 3 });
    const answer = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(payload) }));
    const text = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : 'null';
    if (answer.FunctionError) throw new Error(`${functionName} failed: ${text.slice(0, 1000)}`);
    return JSON.parse(text) as T;
  } finally {
    cloudFormation.destroy();
  }
}

export interface StageStoreOptions {
  /** Where the stage files are; tests use their own. */
  stagesDirectory?: string;
  /** Where a warning goes (stderr): stdout may carry a token. */
  warn?: (message: string) => void;
}

export async function stageStore(
  stage: string,
  cloudFormation = new CloudFormationClient({ maxAttempts: 3 }),
  options: StageStoreOptions = {},
): Promise<Target> {
  const warn = options.warn ?? ((message: string) => console.error(message));
  try {
    const table = tableOfStage(stage, options.stagesDirectory);
    const deployed = await deployedTableOfStage(stage, cloudFormation);
    if (deployed !== undefined && deployed !== table) {
      // Between changing the stage file and deploying it (a restore, say): say which is which.
      warn(
        `Warning: the stage file of "${stage}" names table ${table}, but the deployed service stack still uses ${deployed}. ` +
          `This command works on ${table}; deploy the stage (npm run deploy -- -c stage=${stage}) for the functions to use it too.`,
      );
    }
    const region = await cloudFormation.config.region();
    // The same credential chain and region as the lookup, and no endpoint override.
    const client = new DynamoDBClient({ region, maxAttempts: 3 });
    return {
      stores: tableStores(table, client),
      describe: `table ${table} of stage ${stage} in ${region}`,
      stage,
      // On a deployed stage, the identity of the AWS credentials the command runs with.
      operator: async () => {
        const sts = new STSClient({ region, maxAttempts: 3 });
        try {
          const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
          return { role: 'operator', name: Arn ?? userInfo().username };
        } finally {
          sts.destroy();
        }
      },
      close: () => client.destroy(),
    };
  } finally {
    cloudFormation.destroy();
  }
}

/** The local stack without `--stage`, the deployed stage with it. */
async function target(stage: string | undefined): Promise<Target> {
  return stage === undefined ? localStore() : stageStore(stage);
}

/** The target of an operator command, or an exit with advice when it cannot be reached. */
export async function targetOrExit(stage: string | undefined): Promise<Target> {
  try {
    return await target(stage);
  } catch (error) {
    fail(explain(error, `stage ${stage}`, stage));
  }
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Turns the usual failures into advice. */
export function explain(error: unknown, where: string, stage?: string): string {
  if (error instanceof StageLookupError) return error.message;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (stage !== undefined) {
    if (/CredentialsProviderError|Could not load credentials|ExpiredToken|security token/i.test(text)) {
      return `No usable AWS credentials for stage "${stage}": sign in (e.g. aws sso login) or set AWS_PROFILE. (${text})`;
    }
    if (/Region is missing/i.test(text)) return `No AWS region: set AWS_REGION or a region in your AWS profile.`;
    if (/AccessDenied|not authorized/i.test(text)) return `Not allowed (${where}): ${text}`;
    if (/ResourceNotFound/.test(text)) return `The table was not found (${where}). Was the data stack of stage "${stage}" deleted?`;
    return `Failed against ${where}: ${text}`;
  }
  if (/ECONNREFUSED|connect/i.test(text)) return `Could not reach DynamoDB (${where}). Is the local stack running? Start it with: npm start`;
  if (/ResourceNotFound/.test(text)) return `The table was not found (${where}). Start the local stack once with: npm start`;
  return `Failed against ${where}: ${text}`;
}
