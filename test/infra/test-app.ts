/**
 * Builds the CDK app the way `cdk synth` does (context from cdk.json, plus overrides as if
 * given with -c), but without bundling, so assertions run in seconds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { defineStacks, type RecoveryProgressStacks } from '../../infra/stacks/recovery-progress.ts';

const root = resolve(import.meta.dirname, '../..');

/** The "context" block of cdk.json: the defaults a deployment starts from. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(resolve(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export function testApp(overrides: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...overrides } });
}

export interface SynthesisedStacks extends RecoveryProgressStacks {
  app: App;
  dataTemplate: Template;
  serviceTemplate: Template;
}

export function synthesise(overrides: Record<string, unknown> = {}): SynthesisedStacks {
  const app = testApp(overrides);
  const stacks = defineStacks(app);
  return { app, ...stacks, dataTemplate: Template.fromStack(stacks.data), serviceTemplate: Template.fromStack(stacks.service) };
}
