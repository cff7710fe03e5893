/**
 * AWS's CloudFormation linter over the synthesised templates (a throw-away stage's data and
 * service stacks, a kept stage's service stack with its web ACL lookup, and its edge stack),
 * against the region the project deploys to and us-east-1, where the edge stack goes: no errors, and no warning that is not acknowledged below with a reason. An
 * acknowledgment that no longer matches a warning fails too, so the list stays honest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { edgeRegion } from '../../infra/naming.ts';
import { keptStageFile, removeStageFiles, stageFiles, synthesise } from './test-app.ts';

/** The project's default region (operations.md); the data and service stacks are environment-agnostic. */
const region = 'eu-west-2';

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
}

interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/** One finding in cfn-lint's `--format json` output (cfn-lint 1.x). */
interface Finding {
  Filename: string;
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Location: { Path: (string | number)[] | null };
}

interface Acknowledgment {
  reason: string;
  /** Where the warning is accepted; the same rule anywhere else is a finding. */
  covers: (finding: Finding, template: CfnTemplate) => boolean;
}

/** Every warning rule accepted for these stacks, each with why: the one place they are listed. */
const acknowledged: Record<string, Acknowledgment> = {
  W3005: {
    reason:
      "CDK's lambda.Function makes the function DependsOn its execution role so that it also waits for the role's " +
      "default policy; naming the role repeats the Fn::GetAtt in Role. It is CDK output (the same finding on CDK's " +
      'LogRetention is aws/aws-cdk#24578) and changes nothing: CloudFormation orders the resources the same way.',
    covers: (finding, template) => {
      const [section, logicalId, attribute, index] = finding.Location.Path ?? [];
      const resource = section === 'Resources' ? template.Resources[String(logicalId)] : undefined;
      const role = resource?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
      return (
        resource?.Type === 'AWS::Lambda::Function' &&
        attribute === 'DependsOn' &&
        typeof index === 'number' &&
        resource.DependsOn?.[index] === role?.['Fn::GetAtt']?.[0]
      );
    },
  },
};

/**
 * A template known to be wrong in two ways cfn-lint must catch (a misspelt property, a resource
 * type that does not exist in the region), linted in the same run: it shows the checks are live.
 */
const wrongTemplate = {
  Resources: {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeoutSecs: 30 } },
    Thing: { Type: 'AWS::Made::Up', Properties: {} },
  },
};

/** The installed cfn-lint's version, or why there is none to use. */
function findCfnLint(): { version: string } | { missing: string } {
  // `cfn-lint --version` prints "cfn-lint 1.51.0"; a pyenv shim without it exits non-zero.
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  const version = probe.status === 0 ? /cfn-lint (\d+)\.\d+\.\d+/.exec(probe.stdout) : null;
  if (!version) return { missing: 'cfn-lint is not installed (pip install cfn-lint)' };
  if (Number(version[1]) < 1) return { missing: `${version[0]} is older than 1.0, whose JSON output this reads (pip install -U cfn-lint)` };
  return { version: version[0] };
}

const cfnLint = findCfnLint();
const requiredHere = process.env.CI === 'true';
const title =
  'version' in cfnLint
    ? `templates linted by ${cfnLint.version} for ${region}`
    : `templates linted by cfn-lint: ${requiredHere ? 'required under CI' : 'skipped'}, ${cfnLint.missing}`;

const files = {
  data: 'data.template.json',
  service: 'service.template.json',
  keptService: 'kept-service.template.json',
  edge: 'edge.template.json',
  wrong: 'wrong.template.json',
};
const stackFiles = ['data', 'service', 'keptService', 'edge'] as const;
type StackFile = (typeof stackFiles)[number];

interface Linted {
  templates: Record<StackFile, CfnTemplate>;
  findings: Finding[];
}

/** Synthesises both stacks and lints their templates, with the wrong one, in one cfn-lint run. */
function lintTemplates(): Linted {
  if ('missing' in cfnLint) throw new Error(`cfn-lint is required under CI: ${cfnLint.missing}`);

  // Prepare: no bundling, as the other infra tests; the templates point at each function's
  // code by S3 key only, which cfn-lint does not open.
  const stacks = synthesise();
  const kept = synthesise({ stage: 'prod' }, { stagesDirectory: stageFiles({ prod: keptStageFile() }) });
  removeStageFiles();
  if (!kept.edge) throw new Error('A kept stage has an edge stack');
  const templates: Record<StackFile, CfnTemplate> = {
    data: stacks.dataTemplate.toJSON() as CfnTemplate,
    service: stacks.serviceTemplate.toJSON() as CfnTemplate,
    keptService: kept.serviceTemplate.toJSON() as CfnTemplate,
    edge: Template.fromStack(kept.edge).toJSON() as CfnTemplate,
  };
  const directory = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    for (const stack of stackFiles) writeFileSync(join(directory, files[stack]), JSON.stringify(templates[stack]));
    writeFileSync(join(directory, files.wrong), JSON.stringify(wrongTemplate));
    // An empty config file, so no .cfnlintrc in the home or working folder changes the rules.
    writeFileSync(join(directory, 'cfnlintrc.yaml'), '');

    // Act: default rules (errors and warnings; informational ones are style advice on CDK's output).
    const run = spawnSync(
      'cfn-lint',
      ['--config-file', 'cfnlintrc.yaml', '--regions', region, edgeRegion, '--format', 'json', '--', ...stackFiles.map((stack) => files[stack]), files.wrong],
      { cwd: directory, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    // Exit status: bit 1 is a failure of cfn-lint itself; 2, 4 and 8 say which levels it found.
    if (run.status === null || (run.status & 1) !== 0) throw new Error(`cfn-lint failed (${run.status ?? run.signal}): ${run.stderr}${run.stdout}`);
    return { templates, findings: JSON.parse(run.stdout) as Finding[] };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

let outcome: Linted | Error | undefined;

/** The one lint run, made by the first test that needs it; its failure fails every test (not a hook). */
function linted(): Linted {
  if (!outcome) {
    try {
      outcome = lintTemplates();
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

const describeFinding = (finding: Finding) => `${finding.Rule.Id} ${finding.Location.Path?.join('/') ?? ''}: ${finding.Message}`;
const findingsIn = (file: string) => linted().findings.filter((finding) => finding.Filename === file);

describe.skipIf('missing' in cfnLint && !requiredHere)(title, () => {
  it.each(stackFiles)('finds no errors in the %s stack', (stack) => {
    expect(
      findingsIn(files[stack])
        .filter((finding) => finding.Level === 'Error')
        .map(describeFinding),
    ).toEqual([]);
  });

  it.each(stackFiles)('finds no warnings in the %s stack that are not acknowledged', (stack) => {
    const template = linted().templates[stack];
    const unacknowledged = findingsIn(files[stack])
      .filter((finding) => finding.Level === 'Warning')
      .filter((finding) => !acknowledged[finding.Rule.Id]?.covers(finding, template));
    expect(unacknowledged.map(describeFinding)).toEqual([]);
  });

  it('acknowledges only warnings that still occur, each with a reason', () => {
    const { templates } = linted();
    for (const [ruleId, { reason, covers }] of Object.entries(acknowledged)) {
      expect(ruleId).toMatch(/^W\d{4}$/);
      expect(reason.length, ruleId).toBeGreaterThanOrEqual(60);
      const stillFound = stackFiles.some((stack) =>
        findingsIn(files[stack]).some((finding) => finding.Rule.Id === ruleId && covers(finding, templates[stack])),
      );
      expect(stillFound, `${ruleId} is acknowledged but no longer found: remove it`).toBe(true);
    }
  });

  it('catches the errors in a template known to be wrong', () => {
    const errors = findingsIn(files.wrong).filter((finding) => finding.Level === 'Error');
    // Once per region linted for.
    expect([...new Set(errors.map((finding) => `${finding.Rule.Id} ${finding.Location.Path?.slice(0, 2).join('/')}`))].sort()).toEqual([
      'E3002 Resources/Queue',
      'E3006 Resources/Thing',
    ]);
  });
});
