/** The CDK app entry (`cdk.json` runs it): one stage's stacks, configured from CDK context. */
import { App } from 'aws-cdk-lib';
import { defineStacks } from './stacks/recovery-progress.ts';

defineStacks(new App());
