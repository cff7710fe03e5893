/**
 * cdk-nag AwsSolutions checks: both stacks pass with no finding left unexplained, every
 * acknowledgment carries a written reason, and synth refuses a stack with a new finding.
 */
import { type Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineStacks } from '../../infra/stacks/recovery-progress.ts';
import { keptStageFile, removeStageFiles, type SynthesisedStacks, stageFiles, synthesise, testApp } from './test-app.ts';

let stacks: SynthesisedStacks;

beforeAll(() => {
  stacks = synthesise();
});

afterAll(removeStageFiles);

function findings(stack: Stack): string[] {
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
  return report.violations.map(
    (violation) => `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
  );
}

function acknowledgments(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the data stack', () => {
    expect(findings(stacks.data)).toEqual([]);
  });

  it('finds nothing unacknowledged in the service stack', () => {
    expect(findings(stacks.service)).toEqual([]);
  });

  it('acknowledges only the expected rules, each with a written reason', () => {
    // Act
    const found = acknowledgments(stacks.app);

    // Assess
    expect(found.length).toBeGreaterThan(0);
    for (const { path, id, reason } of found) {
      expect(id, path).toMatch(
        /^AwsSolutions-(L1|SQS3|APIG4|S1|SMG4|CFR1|CFR2|CFR3|CFR4|IAM5\[(Resource|Action)::.+\])$|^AwsSolutions-IAM4\[Policy::.+AWSLambdaBasicExecutionRole\]$/,
      );
      // Wildcard actions only on the role that copies the assets, as CDK's BucketDeployment grants them.
      if (/^AwsSolutions-IAM5\[Action::/.test(id)) expect(path).toMatch(/Edge\/AssetsDeploymentRole$/);
      // The one managed policy is on CDK's own custom resource framework function.
      if (id.startsWith('AwsSolutions-IAM4')) expect(path).toMatch(/OnDeploy\/Provider/);
      expect(typeof reason, `${id} at ${path}`).toBe('string');
      expect((reason as string).length, `${id} at ${path}`).toBeGreaterThanOrEqual(60);
    }
    // Wildcard resources are acknowledged one finding at a time, never for a whole rule.
    expect(found.map(({ id }) => id)).not.toContain('AwsSolutions-IAM5');
  });

  it('finds nothing unacknowledged in a kept stage, its edge stack included', () => {
    const kept = synthesise({ stage: 'prod' }, { stagesDirectory: stageFiles({ prod: keptStageFile() }) });
    expect(kept.edge).toBeDefined();
    expect(findings(kept.edge!)).toEqual([]);
    expect(acknowledgments(kept.edge!)).toEqual([]);
    // With the web ACL attached, CFR2 needs no acknowledgment.
    expect(acknowledgments(kept.app).map(({ id }) => id)).not.toContain('AwsSolutions-CFR2');
  });

  it('finds nothing unacknowledged in a kept stage serving a restored table', () => {
    // Prepare
    const table = {
      name: 'recovery-progress-prod-restored',
      streamArn: 'arn:aws:dynamodb:eu-west-2:123456789012:table/recovery-progress-prod-restored/stream/2026-03-01T10:15:00.000',
    };
    const kept = synthesise({ stage: 'prod' }, { stagesDirectory: stageFiles({ prod: { ...keptStageFile(), table } }) });

    // Act / Assess
    expect(findings(kept.data)).toEqual([]);
    expect(findings(kept.service)).toEqual([]);
  });

  it('keeps the data stack free of acknowledgments', () => {
    expect(acknowledgments(stacks.data)).toEqual([]);
  });

  it('is part of synth: a new finding stops it', () => {
    // Prepare
    const app = testApp();
    const { service } = defineStacks(app, { report: () => {} });
    new Queue(service, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });
    const quiet = [vi.spyOn(console, 'error').mockImplementation(() => {}), vi.spyOn(console, 'log').mockImplementation(() => {})];

    // Act / Assess
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS2/);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  });
});
