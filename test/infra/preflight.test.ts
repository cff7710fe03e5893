/**
 * `npm run preflight`: what would stop a stage's deployment or its email. The calls moto
 * answers (STS GetCallerIdentity, CloudFormation DescribeStacks, SESv2 GetEmailIdentity) run
 * against a local moto_server seeded with the AWS SDK; SESv2 GetAccount (the sandbox), which
 * moto does not answer, and the states moto does not model (an identity pending verification,
 * DKIM pending) are mocked with aws-sdk-client-mock.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateEmailIdentityCommand, GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CheckResult,
  exitCode,
  formatResults,
  type PreflightClients,
  preflight,
  requiredBootstrapVersion,
} from '../../infra/local/cli/preflight-checks.ts';
import { edgeRegion } from '../../infra/naming.ts';
import { keptStageFile, removeStageFiles, stageFiles } from './test-app.ts';

const region = 'eu-west-2';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const sender = 'progress@recovery.example.gov.uk';
const domain = 'recovery.example.gov.uk';

const stages = () =>
  stageFiles({
    ready: keptStageFile(),
    // A kept stage whose file lacks the alarm address and the programme.
    incomplete: (({ alarmEmail: _a, programme: _p, ...rest }) => rest)(keptStageFile()),
  });

afterAll(removeStageFiles);

function verdicts(results: CheckResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.check, r.verdict]));
}

function advice(results: CheckResult[], check: string): string {
  return results.find((r) => r.check === check)?.advice ?? '';
}

// --- Against moto_server --------------------------------------------------------------------

const motoInstalled = !spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error;
const inCi = process.env.CI === 'true';
if (!motoInstalled && !inCi)
  console.warn('moto_server is not installed: the preflight tests against the local AWS emulator are skipped (pip install "moto[server]" to run them).');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe.runIf(motoInstalled || inCi)('preflight against moto_server', () => {
  let moto: ChildProcess | undefined;
  let endpoint = '';
  let exited: string | undefined;

  beforeAll(async () => {
    expect(motoInstalled, 'moto_server is not installed, and CI=true requires the emulator tests to run').toBe(true);
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    // Its own process group, so afterAll stops the server and any child it starts.
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
    moto.once('exit', (code, signal) => (exited = `moto_server exited (${code ?? signal})`));
    // Poll until it answers, however long a loaded machine takes; fail only if it exits.
    for (;;) {
      if (exited) throw new Error(exited);
      const answered = await fetch(`${endpoint}/moto-api/`).then(
        () => true,
        () => false,
      );
      if (answered) break;
      await sleep(250);
    }
  });

  afterAll(() => {
    if (moto?.pid !== undefined && !exited) process.kill(-moto.pid, 'SIGTERM');
  });

  beforeEach(async () => {
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  });

  const clients = (): PreflightClients => {
    const settings = { region, endpoint, credentials, maxAttempts: 1 };
    return {
      sts: new STSClient(settings),
      cloudFormation: new CloudFormationClient(settings),
      edgeCloudFormation: new CloudFormationClient({ ...settings, region: edgeRegion }),
      ses: new SESv2Client(settings),
    };
  };

  async function bootstrapped(version: string, clientsOf: PreflightClients, cloudFormation = clientsOf.cloudFormation) {
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'CDKToolkit',
        TemplateBody: JSON.stringify({
          Resources: { Nothing: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
          Outputs: { BootstrapVersion: { Value: version } },
        }),
      }),
    );
  }

  it('finds every piece moto models ready: account, bootstrap, sender identity and settings', async () => {
    // Prepare: moto marks a created identity verified. It cannot show DKIM signing the SDK can
    // read (with signing attributes it returns a timestamp the SDK rejects), nor GetAccount:
    // those two are proven with mocks below.
    const c = clients();
    await bootstrapped('30', c);
    await bootstrapped('30', c, c.edgeCloudFormation);
    await c.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: domain }));

    // Act
    const results = await preflight('ready', c, { stagesDirectory: stages(), requiredBootstrapVersion: 6 });

    // Assess
    expect(verdicts(results)).toEqual({
      account: 'ok',
      bootstrap: 'ok',
      'bootstrap (us-east-1)': 'ok',
      'sender identity': 'ok',
      DKIM: 'problem',
      'SES sandbox': 'cannot tell',
      settings: 'ok',
    });
    expect(advice(results, 'account')).toMatch(/account 123456789012 in eu-west-2/);
    expect(advice(results, 'bootstrap')).toMatch(/version 30 \(at least 6 needed\)/);
    expect(advice(results, 'sender identity')).toMatch(new RegExp(`its domain ${domain} is a verified SES identity`));
    expect(advice(results, 'DKIM')).toMatch(/NOT_STARTED.*verify the domain .* with Easy DKIM/);
    expect(advice(results, 'SES sandbox')).toMatch(/needs ses:GetAccount/);
  });

  it('asks for us-east-1 to be bootstrapped too when the stage has waf, and only then', async () => {
    // Prepare: the stage's own region bootstrapped, us-east-1 not.
    const c = clients();
    await bootstrapped('30', c);
    const directory = stageFiles({ kept: keptStageFile(), plain: { ...keptStageFile(), waf: false } });

    // Act
    const kept = await preflight('kept', c, { stagesDirectory: directory, requiredBootstrapVersion: 6 });
    const plain = await preflight('plain', c, { stagesDirectory: directory, requiredBootstrapVersion: 6 });

    // Assess
    expect(verdicts(kept)).toMatchObject({ bootstrap: 'ok', 'bootstrap (us-east-1)': 'problem' });
    expect(advice(kept, 'bootstrap (us-east-1)')).toMatch(/run npx cdk bootstrap aws:\/\/123456789012\/us-east-1/);
    expect(verdicts(plain)).not.toHaveProperty('bootstrap (us-east-1)');
  });

  it('names each missing piece of an unready stage: no bootstrap stack, no sender identity, no DKIM, incomplete settings', async () => {
    // Act: nothing seeded
    const results = await preflight('incomplete', clients(), { stagesDirectory: stages(), requiredBootstrapVersion: 6 });

    // Assess
    expect(verdicts(results)).toEqual({
      account: 'ok',
      bootstrap: 'problem',
      'sender identity': 'problem',
      DKIM: 'problem',
      'SES sandbox': 'cannot tell',
      'settings (alarmEmail)': 'problem',
      'settings (programme)': 'problem',
    });
    expect(advice(results, 'bootstrap')).toMatch(/no CDKToolkit stack.*run npx cdk bootstrap aws:\/\/123456789012\/eu-west-2/);
    expect(advice(results, 'sender identity')).toMatch(new RegExp(`Neither ${sender} nor ${domain} is an SES identity`));
    expect(advice(results, 'DKIM')).toMatch(/would not be DKIM-signed/);
    expect(advice(results, 'settings (programme)')).toMatch(/programme: missing/);
    expect(exitCode(results)).toBe(1);
  });

  it('finds a bootstrap older than aws-cdk-lib needs, and an address identity without DKIM', async () => {
    // Prepare
    const c = clients();
    await bootstrapped('5', c);
    await c.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: sender }));

    // Act
    const results = await preflight('ready', c, { stagesDirectory: stages(), requiredBootstrapVersion: 6 });

    // Assess
    expect(verdicts(results)).toMatchObject({ bootstrap: 'problem', 'sender identity': 'ok', DKIM: 'problem' });
    expect(advice(results, 'bootstrap')).toMatch(/version 5, but this project's aws-cdk-lib needs at least 6/);
    expect(advice(results, 'DKIM')).toMatch(/NOT_STARTED/);
  });
});

// --- With aws-sdk-client-mock (per client instance, so the emulator's clients stay real) ----

describe('preflight with mocked AWS answers', () => {
  const make = () => {
    const clients: PreflightClients = {
      sts: new STSClient({ region, credentials }),
      cloudFormation: new CloudFormationClient({ region, credentials }),
      edgeCloudFormation: new CloudFormationClient({ region: edgeRegion, credentials }),
      ses: new SESv2Client({ region, credentials }),
    };
    const mocks = { sts: mockClient(clients.sts), cloudFormation: mockClient(clients.cloudFormation), ses: mockClient(clients.ses) };
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321', Arn: 'arn:aws:iam::210987654321:user/operator' });
    // Both regions bootstrapped.
    for (const cloudFormation of [mocks.cloudFormation, mockClient(clients.edgeCloudFormation!)]) {
      cloudFormation.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
        Stacks: [
          {
            StackName: 'CDKToolkit',
            StackStatus: 'UPDATE_COMPLETE',
            CreationTime: new Date(),
            Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '30' }],
          },
        ],
      });
    }
    mocks.ses
      .on(GetEmailIdentityCommand, { EmailIdentity: domain })
      .resolves({ VerificationStatus: 'SUCCESS', VerifiedForSendingStatus: true, DkimAttributes: { SigningEnabled: true, Status: 'SUCCESS' } });
    mocks.ses.on(GetEmailIdentityCommand, { EmailIdentity: sender }).rejects(Object.assign(new Error(sender), { name: 'NotFoundException' }));
    mocks.ses
      .on(GetAccountCommand)
      .resolves({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 12 } });
    return { clients, mocks };
  };
  const run = (clients: PreflightClients, stage = 'ready') => preflight(stage, clients, { stagesDirectory: stages(), requiredBootstrapVersion: 6 });

  it('passes a ready stage, with DKIM signing and production access, and reports the quota', async () => {
    const { clients } = make();
    const results = await run(clients);
    expect(results.every((r) => r.verdict === 'ok')).toBe(true);
    expect(verdicts(results)).toHaveProperty('bootstrap (us-east-1)', 'ok');
    expect(advice(results, 'SES sandbox')).toMatch(/production access in eu-west-2: at most 50000 emails in 24 hours and 14 a second \(12 sent/);
    expect(exitCode(results)).toBe(0);
  });

  it('finds an account still in the SES sandbox', async () => {
    const { clients, mocks } = make();
    mocks.ses
      .on(GetAccountCommand)
      .resolves({ ProductionAccessEnabled: false, SendingEnabled: true, SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 } });
    const results = await run(clients);
    expect(verdicts(results)['SES sandbox']).toBe('problem');
    expect(advice(results, 'SES sandbox')).toMatch(
      /in the SES sandbox in eu-west-2: email reaches only verified addresses, at most 200 emails in 24 hours.*request production access/,
    );
    expect(exitCode(results)).toBe(1);
  });

  it('finds a sender address whose verification email was not confirmed, and DKIM still pending', async () => {
    const { clients, mocks } = make();
    mocks.ses.on(GetEmailIdentityCommand, { EmailIdentity: domain }).rejects(Object.assign(new Error(domain), { name: 'NotFoundException' }));
    mocks.ses
      .on(GetEmailIdentityCommand, { EmailIdentity: sender })
      .resolves({ VerificationStatus: 'PENDING', VerifiedForSendingStatus: false, DkimAttributes: { Status: 'PENDING' } });
    const results = await run(clients);
    expect(verdicts(results)).toMatchObject({ 'sender identity': 'problem', DKIM: 'problem' });
    expect(advice(results, 'sender identity')).toMatch(new RegExp(`${sender} in eu-west-2 is not verified \\(PENDING\\).*click the link`));
    expect(advice(results, 'DKIM')).toMatch(/PENDING.*publish the CNAME records/);
  });

  it('cannot tell the rest without credentials, and says how to sign in', async () => {
    const { clients, mocks } = make();
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const results = await run(clients);
    expect(verdicts(results)).toEqual({
      account: 'problem',
      bootstrap: 'cannot tell',
      'sender identity': 'cannot tell',
      DKIM: 'cannot tell',
      'SES sandbox': 'cannot tell',
      settings: 'ok',
    });
    expect(advice(results, 'account')).toMatch(/No usable AWS credentials for stage "ready"/);
    expect(exitCode(results)).toBe(1);
  });

  it('cannot tell what it is not allowed to read, without failing the run', async () => {
    const { clients, mocks } = make();
    mocks.ses.on(GetAccountCommand).rejects(Object.assign(new Error('not authorized to perform: ses:GetAccount'), { name: 'AccessDeniedException' }));
    const results = await run(clients);
    expect(verdicts(results)['SES sandbox']).toBe('cannot tell');
    expect(advice(results, 'SES sandbox')).toMatch(/needs ses:GetAccount/);
    expect(exitCode(results)).toBe(0);
  });

  it('prints one line per check: verdict, check, advice', () => {
    const lines = formatResults([
      { check: 'account', verdict: 'ok', advice: 'A.' },
      { check: 'SES sandbox', verdict: 'cannot tell', advice: 'B.' },
    ]);
    expect(lines).toEqual(['ok           account      A.', 'cannot tell  SES sandbox  B.']);
  });

  it('reads the bootstrap version it needs from aws-cdk-lib', async () => {
    const version = await requiredBootstrapVersion();
    expect(Number.isInteger(version)).toBe(true);
    expect(version).toBeGreaterThanOrEqual(6);
  });
});
