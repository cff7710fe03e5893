/**
 * What will stop a stage's deployment or its email, found with read-only calls before
 * anything is deployed: the stage file, the account and region of the credentials, the CDK
 * bootstrap stack (in us-east-1 too for a stage with `waf`, whose edge stack goes there), the SES identity of the sender (and its DKIM) and the SES sandbox.
 * Each check gives `ok`, `problem` or `cannot tell`, with a sentence of advice.
 * `npm run preflight -- --stage <stage>` (preflight.ts) prints them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountCommand, GetEmailIdentityCommand, type GetEmailIdentityCommandOutput, type SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { settingSchemas } from '#shared/settings';
import { DeploymentConfigError, type LoadedStage, loadStage, stagesDirectory as shippedStages } from '../../config.ts';
import { edgeRegion } from '../../naming.ts';
import { explain } from './target.ts';

type Verdict = 'ok' | 'problem' | 'cannot tell';

export interface CheckResult {
  /** What was checked, e.g. `account`, `bootstrap`, `settings (alarmEmail)`. */
  check: string;
  verdict: Verdict;
  /** One sentence, in plain words: what was found and what to do about it. */
  advice: string;
}

export interface PreflightClients {
  sts: STSClient;
  cloudFormation: CloudFormationClient;
  /** CloudFormation in us-east-1, for a stage with `waf`; without it, that bootstrap check cannot tell. */
  edgeCloudFormation?: CloudFormationClient;
  ses: SESv2Client;
}

export interface PreflightOptions {
  /** Where the stage files are; tests use their own. */
  stagesDirectory?: string;
  /** The bootstrap version the deployment needs; by default read from aws-cdk-lib (requiredBootstrapVersion). */
  requiredBootstrapVersion?: number;
}

/** The stack `cdk bootstrap` creates, with the default qualifier (cdk.json sets none). */
const bootstrapStackName = 'CDKToolkit';

/**
 * The bootstrap stack version this project's aws-cdk-lib requires to deploy: what its default
 * synthesizer writes into the cloud assembly (`requiresBootstrapStackVersion`), read from a
 * one-resource stack synthesised into a temporary folder.
 */
export async function requiredBootstrapVersion(): Promise<number> {
  const { App, CfnWaitConditionHandle, Stack } = await import('aws-cdk-lib');
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-preflight-'));
  try {
    const app = new App({ outdir });
    new CfnWaitConditionHandle(new Stack(app, 'Preflight'), 'Nothing');
    const properties = app.synth().getStackByName('Preflight').manifest.properties as { requiresBootstrapStackVersion?: number } | undefined;
    const version = properties?.requiresBootstrapStackVersion;
    if (typeof version !== 'number') throw new Error('aws-cdk-lib wrote no requiresBootstrapStackVersion');
    return version;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Check 5: the stage file through infra/config.ts, one result per key at fault. */
function settingsChecks(stage: string, stagesDirectory?: string): { results: CheckResult[]; loaded?: LoadedStage; sender?: string } {
  try {
    const loaded = loadStage(stage, stagesDirectory ? { directory: stagesDirectory } : {});
    return {
      loaded,
      sender: loaded.config.senderAddress,
      results: [{ check: 'settings', verdict: 'ok', advice: `${loaded.file} is complete: every setting is present and valid.` }],
    };
  } catch (error) {
    if (!(error instanceof DeploymentConfigError)) throw error;
    // loadStage lists each key at fault on its own indented line: "  key: what is wrong (got …)".
    const keyLines = error.message
      .split('\n')
      .filter((line) => /^ {2}\S/.test(line))
      .map((line) => line.trim());
    if (keyLines.length === 0) return { results: [{ check: 'settings', verdict: 'problem', advice: error.message }] };
    const file = /^Invalid settings for stage "[^"]*" in (\S+)/.exec(error.message)?.[1] ?? `the stage file of "${stage}"`;
    return {
      sender: senderOfFile(stage, stagesDirectory),
      results: keyLines.map((line) => {
        const key = line.slice(0, line.indexOf(':'));
        return {
          check: `settings (${key})`,
          verdict: 'problem',
          advice: `${file}, ${line}. Fix it in the file; synth and deploy refuse the stage until then.`,
        };
      }),
    };
  }
}

/**
 * The stage file's senderAddress when the file as a whole is not valid (another key is at
 * fault), so the SES checks can still run; undefined when the address itself is wrong.
 */
function senderOfFile(stage: string, directory = shippedStages): string | undefined {
  try {
    const path = join(directory, `${stage}.json`);
    if (!existsSync(path)) return undefined;
    const parsed = settingSchemas.SENDER_ADDRESS.safeParse((JSON.parse(readFileSync(path, 'utf8')) as { senderAddress?: unknown }).senderAddress);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

interface Place {
  account: string;
  region: string;
}

/** Check 1: whose account, and which region, the credentials reach. */
async function accountCheck(stage: string, sts: STSClient): Promise<{ result: CheckResult; place?: Place }> {
  let region: string;
  try {
    region = await sts.config.region();
  } catch {
    return {
      result: {
        check: 'account',
        verdict: 'problem',
        advice: 'No AWS region: set AWS_REGION or a region in your AWS profile; the stacks deploy to the region of the credentials.',
      },
    };
  }
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const account = identity.Account ?? 'unknown';
    return {
      place: { account, region },
      result: {
        check: 'account',
        verdict: 'ok',
        advice: `Stage ${stage} would deploy to account ${account} in ${region}, as ${identity.Arn ?? 'an unnamed identity'}; if that is not the account you mean, change AWS_PROFILE or AWS_REGION.`,
      },
    };
  } catch (error) {
    return { result: { check: 'account', verdict: 'problem', advice: explain(error, `STS in ${region}`, stage) } };
  }
}

function isMissingStack(error: unknown): boolean {
  return error instanceof Error && /does not exist/.test(error.message);
}

/** Check 2: the CDK bootstrap stack, and whether it is recent enough. */
async function bootstrapCheck(place: Place, cloudFormation: CloudFormationClient, required: number): Promise<CheckResult> {
  const where = `account ${place.account} in ${place.region}`;
  const bootstrap = `npx cdk bootstrap aws://${place.account}/${place.region}`;
  let stack;
  try {
    stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: bootstrapStackName }))).Stacks?.[0];
  } catch (error) {
    if (isMissingStack(error)) {
      return {
        check: 'bootstrap',
        verdict: 'problem',
        advice: `${where} is not bootstrapped for the CDK (no ${bootstrapStackName} stack), so deploy would fail: run ${bootstrap} once.`,
      };
    }
    return {
      check: 'bootstrap',
      verdict: 'cannot tell',
      advice: `Could not read the ${bootstrapStackName} stack in ${where} (${errorText(error)}); it needs cloudformation:DescribeStacks.`,
    };
  }
  if (stack === undefined) {
    return {
      check: 'bootstrap',
      verdict: 'problem',
      advice: `${where} is not bootstrapped for the CDK (no ${bootstrapStackName} stack), so deploy would fail: run ${bootstrap} once.`,
    };
  }
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (/FAILED|ROLLBACK_COMPLETE|DELETE/.test(status) && status !== 'UPDATE_ROLLBACK_COMPLETE') {
    return {
      check: 'bootstrap',
      verdict: 'problem',
      advice: `The ${bootstrapStackName} stack in ${where} is ${status}: look at its events in the CloudFormation console, then run ${bootstrap} again.`,
    };
  }
  const output = stack.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue;
  const version = output === undefined ? Number.NaN : Number(output);
  if (!Number.isInteger(version)) {
    return {
      check: 'bootstrap',
      verdict: 'problem',
      advice: `The ${bootstrapStackName} stack in ${where} has no BootstrapVersion output, so it is not a modern CDK bootstrap: run ${bootstrap}.`,
    };
  }
  if (version < required) {
    return {
      check: 'bootstrap',
      verdict: 'problem',
      advice: `The CDK bootstrap in ${where} is version ${version}, but this project's aws-cdk-lib needs at least ${required}: run ${bootstrap} to upgrade it.`,
    };
  }
  return { check: 'bootstrap', verdict: 'ok', advice: `${where} is bootstrapped for the CDK, version ${version} (at least ${required} needed).` };
}

/** Check 2b: with `waf`, the bootstrap of us-east-1, where the edge stack deploys. */
async function edgeBootstrapCheck(place: Place, cloudFormation: CloudFormationClient | undefined, required: number): Promise<CheckResult> {
  const check = `bootstrap (${edgeRegion})`;
  if (!cloudFormation) return { check, verdict: 'cannot tell', advice: `No client for ${edgeRegion} was given.` };
  return { ...(await bootstrapCheck({ ...place, region: edgeRegion }, cloudFormation, required)), check };
}

type Identity = GetEmailIdentityCommandOutput;

async function identity(ses: SESv2Client, name: string): Promise<Identity | undefined> {
  try {
    return await ses.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFoundException') return undefined;
    throw error;
  }
}

/** Verified for sending: SES's VerificationStatus, or VerifiedForSendingStatus when there is no status. */
function isVerified(found: Identity | undefined): boolean {
  if (found === undefined) return false;
  return found.VerificationStatus === undefined ? found.VerifiedForSendingStatus === true : found.VerificationStatus === 'SUCCESS';
}

/** Check 3: the sender's SES identity (the address, or its domain) and DKIM signing. */
async function senderChecks(sender: string, place: Place, ses: SESv2Client): Promise<CheckResult[]> {
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  let address: Identity | undefined;
  let domainIdentity: Identity | undefined;
  try {
    address = await identity(ses, sender);
    domainIdentity = await identity(ses, domain);
  } catch (error) {
    const advice = `Could not read the SES identities ${sender} and ${domain} in ${place.region} (${errorText(error)}); it needs ses:GetEmailIdentity.`;
    return [
      { check: 'sender identity', verdict: 'cannot tell', advice },
      { check: 'DKIM', verdict: 'cannot tell', advice },
    ];
  }

  let sending: CheckResult;
  if (isVerified(domainIdentity)) {
    sending = { check: 'sender identity', verdict: 'ok', advice: `${sender} can send: its domain ${domain} is a verified SES identity in ${place.region}.` };
  } else if (isVerified(address)) {
    sending = { check: 'sender identity', verdict: 'ok', advice: `${sender} is a verified SES identity in ${place.region}.` };
  } else if (address === undefined && domainIdentity === undefined) {
    sending = {
      check: 'sender identity',
      verdict: 'problem',
      advice: `Neither ${sender} nor ${domain} is an SES identity in account ${place.account}, ${place.region}, so no email can be sent: the first deployment creates ${sender} and SES emails it a link that must be clicked, or verify the domain ${domain} in SES.`,
    };
  } else {
    const pending = domainIdentity ?? address!;
    const name = domainIdentity ? domain : sender;
    const how = domainIdentity
      ? `publish the DNS records SES lists for ${domain}`
      : `click the link in the email SES sent to ${sender} (resend it from the SES console if it has expired)`;
    sending = {
      check: 'sender identity',
      verdict: 'problem',
      advice: `The SES identity ${name} in ${place.region} is not verified (${pending.VerificationStatus ?? 'not verified for sending'}), so no email can be sent from ${sender}: ${how}.`,
    };
  }

  // DKIM is a property of the domain; an address identity shows its domain's signing.
  const signing = domainIdentity ?? address;
  const status = signing?.DkimAttributes?.Status;
  const signer = domainIdentity ? domain : sender;
  let dkim: CheckResult;
  if (status === 'SUCCESS' && signing?.DkimAttributes?.SigningEnabled !== false) {
    dkim = { check: 'DKIM', verdict: 'ok', advice: `Email from ${sender} is DKIM-signed for ${domain} (status SUCCESS on ${signer}).` };
  } else if (status === 'PENDING') {
    dkim = {
      check: 'DKIM',
      verdict: 'problem',
      advice: `SES has not yet found the DKIM records of ${domain} (PENDING): publish the CNAME records SES lists for ${domain}; DNS can take up to 72 hours.`,
    };
  } else if (status === 'FAILED' || status === 'TEMPORARY_FAILURE') {
    dkim = {
      check: 'DKIM',
      verdict: 'problem',
      advice: `DKIM for ${domain} is ${status}: SES can no longer find its CNAME records in DNS; put them back as the SES console lists them.`,
    };
  } else {
    dkim = {
      check: 'DKIM',
      verdict: 'problem',
      advice: `Email from ${sender} would not be DKIM-signed for ${domain} (${status ?? 'no identity'}${status === 'SUCCESS' ? ', signing turned off' : ''}): verify the domain ${domain} in SES with Easy DKIM and publish its CNAME records.`,
    };
  }
  return [sending, dkim];
}

/** Check 4: SES production access and sending quota. */
async function sandboxCheck(place: Place, ses: SESv2Client): Promise<CheckResult> {
  let account;
  try {
    account = await ses.send(new GetAccountCommand({}));
  } catch (error) {
    return {
      check: 'SES sandbox',
      verdict: 'cannot tell',
      advice: `Could not read the SES account settings in ${place.region} (${errorText(error)}); it needs ses:GetAccount.`,
    };
  }
  const quota = account.SendQuota;
  const limits = quota
    ? `at most ${quota.Max24HourSend ?? '?'} emails in 24 hours and ${quota.MaxSendRate ?? '?'} a second (${quota.SentLast24Hours ?? 0} sent in the last 24 hours)`
    : 'no quota reported';
  if (account.SendingEnabled === false) {
    return {
      check: 'SES sandbox',
      verdict: 'problem',
      advice: `SES sending is paused for account ${place.account} in ${place.region} (${account.EnforcementStatus ?? 'paused'}): see the SES console's account dashboard.`,
    };
  }
  if (account.ProductionAccessEnabled !== true) {
    return {
      check: 'SES sandbox',
      verdict: 'problem',
      advice: `Account ${place.account} is in the SES sandbox in ${place.region}: email reaches only verified addresses, ${limits}; request production access in the SES console.`,
    };
  }
  return { check: 'SES sandbox', verdict: 'ok', advice: `Account ${place.account} has SES production access in ${place.region}: ${limits}.` };
}

/** Every check, in the order an operator meets them. Never throws for what it finds; only for a programming error. */
export async function preflight(stage: string, clients: PreflightClients, options: PreflightOptions = {}): Promise<CheckResult[]> {
  const settings = settingsChecks(stage, options.stagesDirectory);
  const results: CheckResult[] = [];
  const { result: account, place } = await accountCheck(stage, clients.sts);
  results.push(account);
  if (place === undefined) {
    const advice = 'Needs working credentials and a region (see "account").';
    results.push(
      { check: 'bootstrap', verdict: 'cannot tell', advice },
      { check: 'sender identity', verdict: 'cannot tell', advice },
      { check: 'DKIM', verdict: 'cannot tell', advice },
      { check: 'SES sandbox', verdict: 'cannot tell', advice },
    );
  } else {
    const required = options.requiredBootstrapVersion ?? (await requiredBootstrapVersion());
    results.push(await bootstrapCheck(place, clients.cloudFormation, required));
    if (settings.loaded?.config.waf && place.region !== edgeRegion) results.push(await edgeBootstrapCheck(place, clients.edgeCloudFormation, required));
    const sender = settings.sender;
    if (sender === undefined) {
      const advice = 'Needs a valid senderAddress in the stage file (see "settings").';
      results.push({ check: 'sender identity', verdict: 'cannot tell', advice }, { check: 'DKIM', verdict: 'cannot tell', advice });
    } else {
      results.push(...(await senderChecks(sender, place, clients.ses)));
    }
    results.push(await sandboxCheck(place, clients.ses));
  }
  results.push(...settings.results);
  return results;
}

/** One line per check: verdict, check, advice. */
export function formatResults(results: CheckResult[]): string[] {
  const width = Math.max(...results.map((r) => r.check.length));
  return results.map((r) => `${r.verdict.padEnd('cannot tell'.length)}  ${r.check.padEnd(width)}  ${r.advice}`);
}

/** 1 when any check found a problem, else 0 (`cannot tell` does not fail). */
export function exitCode(results: CheckResult[]): 0 | 1 {
  return results.some((r) => r.verdict === 'problem') ? 1 : 0;
}
