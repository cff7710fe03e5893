/** The CDK app entry (`cdk.json` runs it): one stage's stacks, configured from its stage file (`-c stage=…`, default `dev`). */
import { App } from 'aws-cdk-lib';
import { DeploymentConfigError } from './config.ts';
import { defineStacks } from './stacks/recovery-progress.ts';
import { writeCompiledViews } from './views-compiler.ts';

// Functions bundle the compiled views: every synth, diff or deploy compiles them first.
writeCompiledViews();
try {
  defineStacks(new App());
} catch (error) {
  // A configuration mistake is the operator's to fix: show the message, not a stack trace.
  if (!(error instanceof DeploymentConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
