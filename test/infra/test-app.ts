/**
 * Builds the CDK app the way `cdk synth` does (a stage file, and `-c` values as context), but
 * without bundling, so assertions run in seconds. Tests that need a stage the repository does
 * not ship (a kept stage, a restored table) write their own stage files to a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stagesDirectory } from '../../infra/config.ts';
import { defineStacks, type RecoveryProgressStacks } from '../../infra/stacks/recovery-progress.ts';

export const root = resolve(import.meta.dirname, '../..');

/** A stage file of the repository, as written. */
export function shippedStageFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(stagesDirectory, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The example of a kept stage with its placeholders filled in, as an operator would. */
export function keptStageFile(): Record<string, unknown> {
  return {
    ...shippedStageFile('prod.example'),
    senderAddress: 'progress@recovery.example.gov.uk',
    alarmEmail: 'operations@recovery.example.gov.uk',
    organisationName: 'West Midlands Recovery Programme Office',
    dataProtectionEmail: 'data-protection@recovery.example.gov.uk',
    accessibilityEmail: 'accessibility@recovery.example.gov.uk',
  };
}

const written: string[] = [];

/** A folder of stage files for a test, one `<name>.json` per entry. */
export function stageFiles(stages: Record<string, Record<string, unknown>>): string {
  const directory = mkdtempSync(join(tmpdir(), 'recovery-progress-stages-'));
  written.push(directory);
  for (const [name, settings] of Object.entries(stages)) writeFileSync(join(directory, `${name}.json`), `${JSON.stringify(settings, null, 2)}\n`);
  return directory;
}

/** Removes the folders stageFiles wrote. */
export function removeStageFiles(): void {
  for (const directory of written.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** An app with `-c` values as context, and bundling skipped. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
}

export interface SynthesisedStacks extends RecoveryProgressStacks {
  app: App;
  dataTemplate: Template;
  serviceTemplate: Template;
  /** What synth printed about the stage file and its overrides. */
  report: string[];
}

export interface SynthesiseOptions {
  /** A folder of stage files (stageFiles) instead of infra/stages. */
  stagesDirectory?: string;
}

/** Both stacks of a stage, `-c stage=…` included in `context` (default dev). */
export function synthesise(context: Record<string, unknown> = {}, options: SynthesiseOptions = {}): SynthesisedStacks {
  const app = testApp(context);
  const report: string[] = [];
  const stacks = defineStacks(app, { ...options, report: (line) => report.push(line) });
  return { app, ...stacks, report, dataTemplate: Template.fromStack(stacks.data), serviceTemplate: Template.fromStack(stacks.service) };
}
