/** The operator CLI with --stage: finding a deployed stage's table from the data stack's outputs. */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { explain, stageStore, StageLookupError, tableNameOfStage } from '../../infra/local/cli/target.ts';

const cloudFormation = mockClient(CloudFormationClient);
const client = () => new CloudFormationClient({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

function deployed(stackName: string, outputs: { OutputKey: string; OutputValue: string }[]) {
  cloudFormation.on(DescribeStacksCommand, { StackName: stackName }).resolves({
    Stacks: [{ StackName: stackName, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: outputs }],
  });
}

afterEach(() => {
  cloudFormation.reset();
});

describe('finding a stage’s table', () => {
  it('reads TableName from the outputs of the stage’s data stack', async () => {
    // Prepare
    deployed('recovery-progress-prod-data', [
      { OutputKey: 'SomethingElse', OutputValue: 'ignored' },
      { OutputKey: 'TableName', OutputValue: 'recovery-progress-prod-data-ProgressTable-ABC123' },
    ]);

    // Act
    const tableName = await tableNameOfStage('prod', client());

    // Assess
    expect(tableName).toBe('recovery-progress-prod-data-ProgressTable-ABC123');
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({ StackName: 'recovery-progress-prod-data' });
  });

  it('says the stage is not deployed, and where it looked, when the stack does not exist', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id recovery-progress-test-data does not exist'), { name: 'ValidationError' }));

    // Act
    const lookup = tableNameOfStage('test', client());

    // Assess
    await expect(lookup).rejects.toBeInstanceOf(StageLookupError);
    await expect(lookup).rejects.toThrow(/Stage "test" is not deployed here: no stack recovery-progress-test-data in eu-west-2.*npm run deploy -- -c stage=test/);
  });

  it('says so when the stack has no TableName output', async () => {
    // Prepare
    deployed('recovery-progress-prod-data', []);

    // Act / Assess
    await expect(tableNameOfStage('prod', client())).rejects.toThrow(/recovery-progress-prod-data has no TableName output/);
  });

  it('refuses a stage name that no stack can have, without calling AWS', async () => {
    // Act / Assess
    await expect(tableNameOfStage('Prod', client())).rejects.toThrow(/not a stage name/);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('passes other failures on, for the CLI to explain', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' }));

    // Act / Assess
    await expect(tableNameOfStage('prod', client())).rejects.toThrow(/not authorized/);
  });
});

describe('the store of a stage', () => {
  it('works on the table the outputs name, in the lookup’s region', async () => {
    // Prepare
    deployed('recovery-progress-prod-data', [{ OutputKey: 'TableName', OutputValue: 'prod-table' }]);

    // Act
    const target = await stageStore('prod', client());

    // Assess
    try {
      expect(target.stores.table.tableName).toBe('prod-table');
      expect(target.describe).toBe('table prod-table of stage prod in eu-west-2');
      expect(target.stage).toBe('prod');
    } finally {
      target.close();
    }
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
