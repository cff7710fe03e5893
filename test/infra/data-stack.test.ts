/** The stateful stack: the table built from the shared definition, named, protected and retained. */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { table as tableDefinition } from '#shared/data/table';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { keptStageFile, removeStageFiles, stageFiles, synthesise } from './test-app.ts';

describe('data stack', () => {
  let template: Template;

  beforeAll(() => {
    // A kept stage: what the table is like where the data matters.
    template = synthesise({ stage: 'prod' }, { stagesDirectory: stageFiles({ prod: keptStageFile() }) }).dataTemplate;
  });

  afterAll(removeStageFiles);

  it('holds the table and nothing else, so deploying code never touches it', () => {
    // Act
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>)
      .map((resource) => resource.Type)
      .filter((type) => type !== 'AWS::CDK::Metadata');

    // Assess
    expect(types).toEqual(['AWS::DynamoDB::Table']);
  });

  it('has the keys, time-to-live and stream of the shared table definition', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('is encrypted, recoverable to a point in time, protected from deletion and retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('names the table after the stage, so the service stack and the operator commands find it by name', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'recovery-progress-prod' });
  });

  it('publishes the table name as an output, and exports nothing', () => {
    template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^ProgressTable') }, Export: Match.absent() });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"Export"|Fn::ImportValue/);
  });

  it('is disposable in the shipped throw-away stage, dev', () => {
    synthesise().dataTemplate.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ TableName: 'recovery-progress-dev', DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
  });

  it('can be made disposable for a throw-away stage: no deletion protection, deleted with the stack', () => {
    // Prepare
    const app = new App();

    // Act
    const stack = new DataStack(app, 'throwaway-data', { config: { stage: 'throwaway', removalPolicy: 'destroy' } });

    // Assess
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        DeletionProtectionEnabled: false,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });
});
