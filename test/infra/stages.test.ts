/**
 * A stage's deployment as synth makes it: the stage file and overrides it reports, the same
 * templates every time, termination protection by stage type, and two stacks that share no
 * CloudFormation export, so the service stack's table is a setting.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineStacks } from '../../infra/stacks/recovery-progress.ts';
import { keptStageFile, removeStageFiles, root, type SynthesisedStacks, stageFiles, synthesise, testApp } from './test-app.ts';

const restoredTable = {
  name: 'recovery-progress-prod-restored',
  streamArn: 'arn:aws:dynamodb:eu-west-2:123456789012:table/recovery-progress-prod-restored/stream/2026-03-01T10:15:00.000',
};

let dev: SynthesisedStacks;
let kept: SynthesisedStacks;
let restored: SynthesisedStacks;
let keptDirectory: string;
const keptOverrides = { stage: 'prod', logLevel: 'WARN', throttlingRateLimit: '5' };

beforeAll(() => {
  keptDirectory = stageFiles({ prod: keptStageFile() });
  dev = synthesise();
  kept = synthesise(keptOverrides, { stagesDirectory: keptDirectory });
  restored = synthesise({ stage: 'prod' }, { stagesDirectory: stageFiles({ prod: { ...keptStageFile(), table: restoredTable } }) });
});

afterAll(removeStageFiles);

function artifact(stacks: SynthesisedStacks, stackName: string): CloudFormationStackArtifact {
  return stacks.app.synth().getStackByName(stackName);
}

describe('synth reports', () => {
  it('the stage file in use, and that nothing overrides it', () => {
    expect(dev.report).toEqual(['Stage dev: settings from infra/stages/dev.json, no -c overrides']);
  });

  it('every -c override in effect, with what it replaces', () => {
    expect(kept.report).toEqual([
      expect.stringMatching(/^Stage prod: settings from \/.*\/prod\.json$/),
      '  -c logLevel="WARN" overrides "INFO" from the stage file',
      '  -c throttlingRateLimit="5" overrides 20 from the stage file',
    ]);
  });

  it('to stderr, unless told otherwise', () => {
    // Prepare
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stdout = vi.spyOn(console, 'log').mockImplementation(() => {});

    // Act
    try {
      defineStacks(testApp({ stage: 'prod', alarmEmail: 'someone-else@example.org' }), { stagesDirectory: keptDirectory });

      // Assess
      expect(stderr.mock.calls.map(([line]) => line as string)).toEqual([
        expect.stringMatching(/^Stage prod: settings from /),
        '  -c alarmEmail="someone-else@example.org" overrides "operations@recovery.example.gov.uk" from the stage file',
      ]);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });
});

describe('synth', () => {
  it('makes the same templates twice in a row from the same stage file and overrides', () => {
    // Act
    const again = synthesise(keptOverrides, { stagesDirectory: keptDirectory });

    // Assess
    expect(again.dataTemplate.toJSON()).toEqual(kept.dataTemplate.toJSON());
    expect(again.serviceTemplate.toJSON()).toEqual(kept.serviceTemplate.toJSON());
    expect(JSON.stringify(again.serviceTemplate.toJSON())).toBe(JSON.stringify(kept.serviceTemplate.toJSON()));
  });

  it('stops, through the app entry cdk.json runs, with the message and no stack trace when the stage has no file', () => {
    // Act
    const run = spawnSync(resolve(root, 'node_modules/.bin/tsx'), ['infra/app.ts'], {
      cwd: root,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'staging', 'aws:cdk:bundling-stacks': [] }) },
      encoding: 'utf8',
    });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No stage file for stage "staging": infra/stages/staging.json does not exist.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('termination protection', () => {
  it('is on for both stacks of a kept stage', () => {
    expect(artifact(kept, 'recovery-progress-prod-data').terminationProtection).toBe(true);
    expect(artifact(kept, 'recovery-progress-prod-service').terminationProtection).toBe(true);
  });

  it('is off for both stacks of a throw-away stage', () => {
    expect(artifact(dev, 'recovery-progress-dev-data').terminationProtection).toBe(false);
    expect(artifact(dev, 'recovery-progress-dev-service').terminationProtection).toBe(false);
  });
});

describe('between the stacks', () => {
  const synthesised = (): Record<string, SynthesisedStacks> => ({ dev, 'a kept stage': kept, 'a kept stage serving a restored table': restored });

  it.each(['dev', 'a kept stage', 'a kept stage serving a restored table'])('%s: neither template exports or imports a value', (name) => {
    // Prepare
    const stacks = synthesised()[name]!;

    // Assess
    for (const template of [stacks.dataTemplate, stacks.serviceTemplate]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
      for (const output of Object.values((template.toJSON().Outputs ?? {}) as Record<string, Record<string, unknown>>))
        expect(output).not.toHaveProperty('Export');
    }
    // The service stack knows the data stack by neither name nor resource.
    expect(JSON.stringify(stacks.serviceTemplate.toJSON())).not.toContain(stacks.data.stackName);
  });

  it('deploys the data stack first: an ordering dependency, which carries no value', () => {
    expect(artifact(kept, 'recovery-progress-prod-service').dependencies.map((dependency) => dependency.id)).toContain('recovery-progress-prod-data');
    expect(artifact(kept, 'recovery-progress-prod-data').dependencies.map((dependency) => dependency.id)).not.toContain('recovery-progress-prod-service');
  });
});
