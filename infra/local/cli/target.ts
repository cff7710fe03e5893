/**
 * Which table an operator command works on: the running local stack (the default), or with
 * `--stage <stage>` the table of that deployed stage, found through the data stack's outputs
 * with the standard AWS credential chain and region.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { outputKeys, stackNames, stagePattern } from '../../naming.ts';
import { localCredentials, localSettings } from '../settings.ts';
import { tableStores, type TableStores } from '../stores.ts';

export interface Target {
  stores: TableStores;
  /** Where the command acts, for messages. */
  describe: string;
  /** Set when the target is a deployed stage. */
  stage?: string;
  close(): void;
}

export function localStore(): Target {
  const settings = localSettings();
  const client = new DynamoDBClient({ region: settings.AWS_REGION, endpoint: settings.dynamoDbEndpoint, credentials: localCredentials, maxAttempts: 2 });
  return {
    stores: tableStores(settings.TABLE_NAME, client),
    describe: `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}`,
    close: () => client.destroy(),
  };
}

/** A deployed stage could not be found or read; the message says what to do. */
export class StageLookupError extends Error {
  override readonly name = 'StageLookupError';
}

/** The table name a deployed stage's data stack publishes as an output. */
export async function tableNameOfStage(stage: string, cloudFormation: CloudFormationClient): Promise<string> {
  if (!stagePattern.test(stage)) throw new StageLookupError(`"${stage}" is not a stage name: lower-case letters, digits and hyphens.`);
  const stackName = stackNames(stage).data;
  let stacks;
  try {
    ({ Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) {
      const region = await cloudFormation.config.region().catch(() => 'the configured region');
      throw new StageLookupError(`Stage "${stage}" is not deployed here: no stack ${stackName} in ${region}. Check AWS_REGION / AWS_PROFILE, or deploy it with: npm run deploy -- -c stage=${stage}`);
    }
    throw error;
  }
  const tableName = stacks?.[0]?.Outputs?.find((output) => output.OutputKey === outputKeys.tableName)?.OutputValue;
  if (!tableName) throw new StageLookupError(`Stack ${stackName} has no ${outputKeys.tableName} output. Is its deployment finished?`);
  return tableName;
}

export async function stageStore(stage: string, cloudFormation = new CloudFormationClient({ maxAttempts: 3 })): Promise<Target> {
  try {
    const tableName = await tableNameOfStage(stage, cloudFormation);
    const region = await cloudFormation.config.region();
    // The same credential chain and region as the lookup, and no endpoint override.
    const client = new DynamoDBClient({ region, maxAttempts: 3 });
    return {
      stores: tableStores(tableName, client),
      describe: `table ${tableName} of stage ${stage} in ${region}`,
      stage,
      close: () => client.destroy(),
    };
  } finally {
    cloudFormation.destroy();
  }
}

/** The local stack without `--stage`, the deployed stage with it. */
export async function target(stage: string | undefined): Promise<Target> {
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
