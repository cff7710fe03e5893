/**
 * The operator CLI with --stage: the table comes from the stage file (the data stack's fixed
 * name, or the restored table it names), checked against the deployed service stack.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deployedTableOfStage, explain, invokeDeployed, StageLookupError, stageStore, tableOfStage } from '../../infra/local/cli/target.ts';
import { outputKeys } from '../../infra/naming.ts';
import { keptStageFile, removeStageFiles, stageFiles } from './test-app.ts';

const cloudFormation = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
const lambdaClient = () => new LambdaClient({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const client = () => new CloudFormationClient({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

const restored = 'recovery-progress-prod-restored';
const stages = () =>
  stageFiles({
    prod: keptStageFile(),
    restored: {
      ...keptStageFile(),
      table: { name: restored, streamArn: `arn:aws:dynamodb:eu-west-2:123456789012:table/${restored}/stream/2026-03-01T10:15:00.000` },
    },
  });

function deployed(stackName: string, outputs: { OutputKey: string; OutputValue: string }[]) {
  cloudFormation.on(DescribeStacksCommand, { StackName: stackName }).resolves({
    Stacks: [{ StackName: stackName, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: outputs }],
  });
}

afterEach(() => {
  cloudFormation.reset();
  lambda.reset();
});

afterAll(removeStageFiles);

describe('the table of a stage', () => {
  it('is the data stack’s own, by its fixed name, when the stage file names none', () => {
    expect(tableOfStage('prod', stages())).toBe('recovery-progress-prod');
    expect(tableOfStage('dev')).toBe('recovery-progress-dev');
  });

  it('is the table the stage file names, after a restore', () => {
    expect(tableOfStage('restored', stages())).toBe(restored);
  });

  it('cannot be found for a stage without a stage file, and says which file it looked for', () => {
    expect(() => tableOfStage('staging', stages())).toThrow(StageLookupError);
    expect(() => tableOfStage('staging', stages())).toThrow(/No stage file for stage "staging": .*staging\.json does not exist/);
  });

  it('refuses a stage name that no stack can have', () => {
    expect(() => tableOfStage('Prod')).toThrow(/not a stage name/);
  });
});

describe('the deployed stage', () => {
  it('is its service stack, whose TableInUse output says which table the functions use', async () => {
    // Prepare
    deployed('recovery-progress-prod-service', [
      { OutputKey: 'ApiUrl', OutputValue: 'https://example.execute-api.eu-west-2.amazonaws.com/' },
      { OutputKey: 'TableInUse', OutputValue: 'recovery-progress-prod' },
    ]);

    // Act
    const table = await deployedTableOfStage('prod', client());

    // Assess
    expect(table).toBe('recovery-progress-prod');
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({ StackName: 'recovery-progress-prod-service' });
  });

  it('says the stage is not deployed, and where it looked, when the stack does not exist', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id recovery-progress-test-service does not exist'), { name: 'ValidationError' }));

    // Act
    const lookup = deployedTableOfStage('test', client());

    // Assess
    await expect(lookup).rejects.toBeInstanceOf(StageLookupError);
    await expect(lookup).rejects.toThrow(
      /Stage "test" is not deployed here: no stack recovery-progress-test-service in eu-west-2.*npm run deploy -- -c stage=test/,
    );
  });

  it('passes other failures on, for the CLI to explain', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' }));

    // Act / Assess
    await expect(deployedTableOfStage('prod', client())).rejects.toThrow(/not authorized/);
  });
});

describe('the store of a stage', () => {
  it('works on the stage file’s table, in the lookup’s region', async () => {
    // Prepare
    deployed('recovery-progress-prod-service', [{ OutputKey: 'TableInUse', OutputValue: 'recovery-progress-prod' }]);
    const warnings: string[] = [];

    // Act
    const target = await stageStore('prod', client(), { stagesDirectory: stages(), warn: (message) => warnings.push(message) });

    // Assess
    try {
      expect(target.stores.table.tableName).toBe('recovery-progress-prod');
      expect(target.describe).toBe('table recovery-progress-prod of stage prod in eu-west-2');
      expect(target.stage).toBe('prod');
      expect(warnings).toEqual([]);
    } finally {
      target.close();
    }
  });

  it('warns when the stage file names a table the deployed functions do not use yet', async () => {
    // Prepare: the stage file points at a restored table; the service stack is not redeployed.
    deployed('recovery-progress-restored-service', [{ OutputKey: 'TableInUse', OutputValue: 'recovery-progress-restored' }]);
    const warnings: string[] = [];

    // Act
    const target = await stageStore('restored', client(), { stagesDirectory: stages(), warn: (message) => warnings.push(message) });

    // Assess
    try {
      expect(target.stores.table.tableName).toBe(restored);
      expect(warnings).toEqual([
        expect.stringMatching(
          /names table recovery-progress-prod-restored, but the deployed service stack still uses recovery-progress-restored\..*npm run deploy -- -c stage=restored/,
        ),
      ]);
    } finally {
      target.close();
    }
  });

  it('does not reach DynamoDB for a stage that is not deployed', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id recovery-progress-prod-service does not exist'), { name: 'ValidationError' }));

    // Act / Assess
    await expect(stageStore('prod', client(), { stagesDirectory: stages() })).rejects.toThrow(/not deployed here/);
  });
});

describe('advice on failure', () => {
  it('asks for credentials when there are none', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(explain(error, 'stage prod', 'prod')).toMatch(/No usable AWS credentials for stage "prod"/);
  });

  it('passes on a stage lookup message as it is', () => {
    expect(explain(new StageLookupError('Stage "x" is not deployed here'), 'stage x', 'x')).toBe('Stage "x" is not deployed here');
  });

  it('keeps the local advice without --stage', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'Error' });
    expect(explain(error, 'table t on http://127.0.0.1:8000')).toMatch(/Is the local stack running\? Start it with: npm start/);
  });
});

describe('a deployed function of a stage (npm run reconcile -- --stage S)', () => {
  it('is found by its service stack output and invoked with the payload; its answer comes back', async () => {
    deployed('recovery-progress-prod-service', [{ OutputKey: outputKeys.reconcileFunction, OutputValue: 'recovery-progress-prod-Reconcile1234' }]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify({ priorities: 7 })) as never });

    const answer = await invokeDeployed<{ priorities: number }>('prod', outputKeys.reconcileFunction, { full: true }, client(), lambdaClient());

    expect(answer).toEqual({ priorities: 7 });
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'recovery-progress-prod-Reconcile1234',
      Payload: JSON.stringify({ full: true }),
    });
  });

  it('says to deploy when the stack has no such output yet', async () => {
    deployed('recovery-progress-prod-service', []);
    await expect(invokeDeployed('prod', outputKeys.reconcileFunction, {}, client(), lambdaClient())).rejects.toThrow(
      /has no ReconcileFunctionName output: deploy/,
    );
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('reports a function error with what the function said', async () => {
    deployed('recovery-progress-prod-service', [{ OutputKey: outputKeys.reconcileFunction, OutputValue: 'fn' }]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: new TextEncoder().encode('{"errorMessage":"boom"}') as never });
    await expect(invokeDeployed('prod', outputKeys.reconcileFunction, {}, client(), lambdaClient())).rejects.toThrow(/fn failed: .*boom/);
  });
});
