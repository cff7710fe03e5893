/** Deployment configuration: stage files, -c overrides, and the messages a wrong or missing value gets. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStage, stageNames, stagesDirectory } from '../../infra/config.ts';
import { stackNames, tableName } from '../../infra/naming.ts';
import { defineStacks } from '../../infra/stacks/recovery-progress.ts';
import { keptStageFile, removeStageFiles, shippedStageFile, stageFiles, testApp } from './test-app.ts';

afterAll(removeStageFiles);

const kept = keptStageFile();
const throwAway = shippedStageFile('dev');

/** Loads `settings` as the stage file of `stage`, with `-c` overrides. */
function load(settings: Record<string, unknown>, overrides: Record<string, unknown> = {}, stage = 'prod') {
  return loadStage(stage, { directory: stageFiles({ [stage]: settings }), overrides });
}

function without(settings: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !keys.includes(key)));
}

describe('the stage files of the repository', () => {
  it('ship dev, a throw-away stage that may delete its data with its stacks', () => {
    // Act
    const { config, file, overrides } = loadStage('dev');

    // Assess
    expect(file).toBe('infra/stages/dev.json');
    expect(overrides).toEqual([]);
    expect(config).toMatchObject({
      stage: 'dev',
      throwAway: true,
      removalPolicy: 'destroy',
      ratingScale: 'five-point',
      logRetentionDays: 90,
      boardRecipients: [],
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.table).toBeUndefined();
  });

  it('list only real stages: the example of a kept stage is not one', () => {
    expect(stageNames()).toEqual(['dev']);
    expect(stageNames(stagesDirectory)).not.toContain('prod.example');
  });

  it('ship an example of a kept stage that synth refuses until its placeholders are filled in', () => {
    // Prepare
    const example = shippedStageFile('prod.example');

    // Act / Assess
    expect(() => load(example)).toThrow(
      /Invalid settings for stage "prod" in .*prod\.json:\n {2}senderAddress: .*\(got "<the From address.*\n {2}organisationName: .*\(got "<the organisation.*\n {2}dataProtectionEmail: .*\(got "<.*\n {2}accessibilityEmail: .*\(got "<.*\n {2}alarmEmail: /,
    );
    expect(load(keptStageFile()).config).toMatchObject({
      stage: 'prod',
      throwAway: false,
      removalPolicy: 'retain',
      alarmEmail: 'operations@recovery.example.gov.uk',
    });
  });
});

describe('a stage file', () => {
  it('is chosen by name, and a missing one is named, with the stages there are and the example to copy', () => {
    // Act / Assess
    expect(() => loadStage('staging')).toThrow(
      /No stage file for stage "staging": infra\/stages\/staging\.json does not exist\. Stages with a file: dev\. To add one, copy infra\/stages\/prod\.example\.json to infra\/stages\/staging\.json/,
    );
  });

  it('must name a stage that can be part of a stack name', () => {
    expect(() => loadStage('Prod')).toThrow(/"Prod" is not a stage name/);
  });

  it('refuses a key that is not a setting, so a misspelt one is not silently ignored', () => {
    expect(() => load({ ...kept, alarmEmial: 'ops@example.org' })).toThrow(/prod\.json has keys that are not stage settings: alarmEmial/);
  });

  it('refuses a file that is not JSON, naming it', () => {
    // Prepare
    const directory = stageFiles({});
    writeFileSync(join(directory, 'prod.json'), '{ "senderAddress": ');

    // Act / Assess
    expect(() => loadStage('prod', { directory })).toThrow(/prod\.json is not valid JSON/);
  });
});

describe('a kept stage (not throw-away)', () => {
  it.each([
    [['alarmEmail'], /\n {2}alarmEmail: missing; a stage that is not throw-away must name the address its alarms go to \(got nothing\)$/],
    [['senderAddress'], /\n {2}senderAddress: missing \(got nothing\)$/],
    [['senderAddress', 'alarmEmail'], /\n {2}senderAddress: missing \(got nothing\)\n {2}alarmEmail: missing/],
  ])('without %j fails, naming the stage file and each missing key', (missing, message) => {
    // Act / Assess
    expect(() => load(without(kept, ...missing))).toThrow(/^Invalid settings for stage "prod" in \/.*\/prod\.json:/);
    expect(() => load(without(kept, ...missing))).toThrow(message);
  });

  it('is what a stage is unless its file says "throwAway": true', () => {
    expect(() => load(without(kept, 'throwAway', 'alarmEmail'))).toThrow(/alarmEmail: missing/);
  });

  it('cannot lose its alarm address to an empty -c alarmEmail=', () => {
    expect(() => load(kept, { alarmEmail: '' })).toThrow(/alarmEmail: missing/);
  });

  it('keeps its data: removalPolicy "destroy" is refused, saying where it came from', () => {
    expect(() => load({ ...kept, removalPolicy: 'destroy' })).toThrow(/removalPolicy: "destroy" is for throw-away stages only.*from \/.*prod\.json\)/);
    expect(() => load(kept, { removalPolicy: 'destroy' })).toThrow(/removalPolicy: "destroy" is for throw-away stages only.*from -c removalPolicy\)/);
  });
});

describe('a throw-away stage', () => {
  it('may leave out the alarm address and delete its data', () => {
    // Act
    const { config } = load(without(throwAway, 'alarmEmail'), {}, 'try-out');

    // Assess
    expect(config).toMatchObject({ stage: 'try-out', throwAway: true, removalPolicy: 'destroy' });
    expect(config.alarmEmail).toBeUndefined();
  });

  it('still needs a sender address: the service stack makes it an SES identity', () => {
    expect(() => load(without(throwAway, 'senderAddress'), {}, 'try-out')).toThrow(/senderAddress: missing/);
  });
});

describe('-c overrides', () => {
  it('replace the stage file’s values, arrive as strings, and are listed', () => {
    // Act
    const { config, overrides } = load(kept, {
      staleAfterDays: '28',
      logRetentionDays: '731',
      throttlingRateLimit: '12.5',
      throttlingBurstLimit: '25',
      boardRecipients: 'board@example.org, Ann Lee <chair@example.org>',
      alarmEmail: 'ops@example.org',
      ratingScale: 'three-point',
    });

    // Assess
    expect(config).toMatchObject({
      stage: 'prod',
      staleAfterDays: 28,
      logRetentionDays: 731,
      throttlingRateLimit: 12.5,
      throttlingBurstLimit: 25,
      boardRecipients: ['board@example.org', { name: 'Ann Lee', email: 'chair@example.org' }],
      alarmEmail: 'ops@example.org',
      ratingScale: 'three-point',
    });
    expect(overrides).toContainEqual({ key: 'ratingScale', value: 'three-point', fileValue: 'five-point' });
    expect(overrides).toContainEqual({ key: 'staleAfterDays', value: '28', fileValue: undefined });
    expect(overrides).toHaveLength(7);
  });

  it.each([
    ['ratingScale', 'seven-point', /ratingScale: .*"five-point".*"three-point".*\(got "seven-point", from -c ratingScale\)/],
    ['removalPolicy', 'keep', /removalPolicy: .*"retain".*"destroy".*\(got "keep", from -c removalPolicy\)/],
    ['logRetentionDays', '10', /logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90.*\(got "10", from -c logRetentionDays\)/],
    ['senderAddress', 'progress-team', /senderAddress: .*email.*\(got "progress-team", from -c senderAddress\)/i],
    ['boardRecipients', 'board@example.org,not-an-address', /boardRecipients\.1: must be an e-mail address/],
    ['boardRecipients', 'chair.kwv <chair.kwv@example.org>', /boardRecipients\.0\.name: must be the person’s name, not their email address/],
    ['staleAfterDays', 'six weeks', /staleAfterDays: .*number.*\(got "six weeks", from -c staleAfterDays\)/],
    ['throttlingBurstLimit', '0', /throttlingBurstLimit: .*>=1.*\(got "0", from -c throttlingBurstLimit\)/],
    ['alarmEmail', 'ops', /alarmEmail: .*email.*\(got "ops", from -c alarmEmail\)/i],
  ])('refuse %s=%s with a message naming the key', (key, value, message) => {
    expect(() => load(kept, { [key]: value })).toThrow(message);
  });

  it('list every wrong key in one message, under the stage file they apply to', () => {
    expect(() => load(kept, { ratingScale: 'ten', logLevel: 'LOUD' })).toThrow(
      /Invalid settings for stage "prod" in .*prod\.json and -c overrides:\n {2}ratingScale: .*\n {2}logLevel: /,
    );
  });

  it.each(['throwAway', 'table'])('cannot set %s, which only the stage file records', (key) => {
    expect(() => load(kept, { [key]: 'true' })).toThrow(new RegExp(`-c ${key}: set only in the stage file \\(.*prod\\.json\\)`));
  });

  it('stop synth before any stack is made when a value is wrong', () => {
    // Prepare
    const app = testApp({ ratingScale: 'seven-point' });

    // Act / Assess
    expect(() => defineStacks(app, { report: () => {} })).toThrow(/ratingScale/);
    expect(app.node.children).toHaveLength(0);
  });
});

describe('a table named in the stage file', () => {
  const streamArn = 'arn:aws:dynamodb:eu-west-2:123456789012:table/recovery-progress-prod-restored/stream/2026-03-01T10:00:00.000';

  it('is read with its stream ARN', () => {
    const { config } = load({ ...kept, table: { name: 'recovery-progress-prod-restored', streamArn } });
    expect(config.table).toEqual({ name: 'recovery-progress-prod-restored', streamArn });
  });

  it.each([
    [{ name: 'recovery-progress-prod-restored' }, /table\.streamArn: missing/],
    [
      { name: 'recovery-progress-prod-restored', streamArn: 'arn:aws:dynamodb:eu-west-2:123456789012:table/recovery-progress-prod-restored' },
      /table\.streamArn: must be the table's stream ARN/,
    ],
    [{ name: 'another-table', streamArn }, /table\.streamArn: must be the stream of the table that "name" names/],
    [{ name: 'no spaces allowed', streamArn }, /table\.name: must be a DynamoDB table name/],
  ])('is refused when wrong: %j', (table, message) => {
    expect(() => load({ ...kept, table })).toThrow(message);
  });
});

describe('names', () => {
  it('derive both stacks and the table of a stage from the stage name', () => {
    expect(stackNames('prod')).toEqual({ data: 'recovery-progress-prod-data', service: 'recovery-progress-prod-service', edge: 'recovery-progress-prod-edge' });
    expect(tableName('prod')).toBe('recovery-progress-prod');
  });

  it('refuse a name that cannot be part of a stack name', () => {
    expect(() => stackNames('Prod stage')).toThrow(/lower-case/);
    expect(() => tableName('Prod stage')).toThrow(/lower-case/);
  });
});
