/** Deployment configuration: cdk.json defaults, -c overrides, and the messages a wrong value gets. */
import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig, type DeploymentContext } from '../../infra/config.ts';
import { stackNames } from '../../infra/naming.ts';
import { defineStacks } from '../../infra/stacks/recovery-progress.ts';
import { cdkJsonContext, testApp } from './test-app.ts';

const defaults = cdkJsonContext() as DeploymentContext;

function parseWith(overrides: DeploymentContext) {
  return () => parseDeploymentConfig({ ...defaults, ...overrides });
}

describe('deployment configuration', () => {
  it('accepts the defaults in cdk.json', () => {
    // Act
    const config = parseDeploymentConfig(defaults);

    // Assess
    expect(config).toMatchObject({
      stage: 'dev',
      ratingScale: 'five-point',
      removalPolicy: 'retain',
      logRetentionDays: 90,
      boardRecipients: [],
    });
    expect(config.alarmEmail).toBeUndefined();
  });

  it('reads -c values, which arrive as strings', () => {
    // Act
    const config = parseDeploymentConfig({
      ...defaults,
      stage: 'prod',
      staleAfterDays: '28',
      logRetentionDays: '365',
      throttlingRateLimit: '12.5',
      throttlingBurstLimit: '25',
      boardRecipients: 'board@example.org, chair@example.org',
      alarmEmail: 'ops@example.org',
      ratingScale: 'three-point',
    });

    // Assess
    expect(config).toMatchObject({
      stage: 'prod',
      staleAfterDays: 28,
      logRetentionDays: 365,
      throttlingRateLimit: 12.5,
      throttlingBurstLimit: 25,
      boardRecipients: ['board@example.org', 'chair@example.org'],
      alarmEmail: 'ops@example.org',
      ratingScale: 'three-point',
    });
  });

  it.each([
    ['ratingScale', 'seven-point', /ratingScale: .*"five-point".*"three-point".*\(got "seven-point"\)/],
    ['removalPolicy', 'keep', /removalPolicy: .*"retain".*"destroy".*\(got "keep"\)/],
    ['logRetentionDays', '10', /logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90.*\(got "10"\)/],
    ['stage', 'Prod', /stage: must be lower-case letters.*\(got "Prod"\)/],
    ['senderAddress', 'progress-team', /senderAddress: .*email.*\(got "progress-team"\)/i],
    ['boardRecipients', 'board@example.org,not-an-address', /boardRecipients\.1: must be e-mail addresses/],
    ['staleAfterDays', 'six weeks', /staleAfterDays: .*number.*\(got "six weeks"\)/],
    ['throttlingBurstLimit', '0', /throttlingBurstLimit: .*>=1.*\(got "0"\)/],
    ['alarmEmail', 'ops', /alarmEmail: .*email.*\(got "ops"\)/i],
  ])('rejects %s=%s with a message naming the key', (key, value, message) => {
    // Act / Assess
    expect(parseWith({ [key]: value })).toThrow(message);
  });

  it('names a key that is missing altogether', () => {
    // Prepare
    const { senderAddress: _dropped, ...withoutSender } = defaults;

    // Act / Assess
    expect(() => parseDeploymentConfig(withoutSender)).toThrow(/senderAddress: .*\(got nothing\)/);
  });

  it('lists every wrong key in one message, saying where configuration comes from', () => {
    // Act / Assess
    expect(parseWith({ ratingScale: 'ten', removalPolicy: 'maybe' })).toThrow(
      /CDK context \(cdk\.json "context" or -c key=value\):\n {2}ratingScale: .*\n {2}removalPolicy: /,
    );
  });

  it('stops synth before any stack is made when a value is wrong', () => {
    // Prepare
    const app = testApp({ ratingScale: 'seven-point' });

    // Act / Assess
    expect(() => defineStacks(app)).toThrow(/ratingScale/);
    expect(app.node.children).toHaveLength(0);
  });
});

describe('stack names', () => {
  it('derives both stacks of a stage from the stage name', () => {
    expect(stackNames('prod')).toEqual({ data: 'recovery-progress-prod-data', service: 'recovery-progress-prod-service' });
  });

  it('refuses a name that cannot be part of a stack name', () => {
    expect(() => stackNames('Prod stage')).toThrow(/lower-case/);
  });
});
