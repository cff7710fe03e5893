/**
 * What a standard client makes of the stored data: `aws dynamodb scan` of every table on a
 * DynamoDB Local. A string the service should never have stored (a lone surrogate) makes the
 * AWS CLI fail ("'utf-8' codec can't encode character '\ud800' ... surrogates not allowed"),
 * so a table it cannot scan means something ill-formed got through the write path.
 */
import { spawnSync } from 'node:child_process';

export interface TableScan {
  table: string;
  /** Items the CLI printed, when the scan succeeded. */
  items?: number;
  /** The CLI's exit status and the end of what it said, when it failed. */
  error?: string;
}

function aws(args: string[], endpoint: string) {
  // Dummy credentials and no profile: DynamoDB Local accepts any, and nothing here may reach a real account.
  const { AWS_PROFILE: _profile, AWS_DEFAULT_PROFILE: _defaultProfile, AWS_SESSION_TOKEN: _session, ...inherited } = process.env;
  return spawnSync('aws', [...args, '--endpoint-url', endpoint, '--region', 'eu-west-2', '--output', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: {
      ...inherited,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
      // The check is about the data, not this machine's locale: the CLI prints UTF-8, as on a UTF-8 terminal.
      PYTHONIOENCODING: 'utf-8',
    },
  });
}

/** Whether `aws` is on PATH and runs. */
export function awsCliVersion(): string | undefined {
  const run = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? `${run.stdout}${run.stderr}`.trim() : undefined;
}

const failure = (run: ReturnType<typeof aws>) => `exit ${run.status ?? run.signal ?? run.error?.message}: ${`${run.stderr}`.trim().split('\n').slice(-3).join(' / ')}`;

/** Lists the tables with the CLI, then scans each one in full (the CLI follows every page). */
export function scanEveryTable(endpoint: string): TableScan[] {
  const listed = aws(['dynamodb', 'list-tables'], endpoint);
  if (listed.status !== 0) return [{ table: '(list-tables)', error: failure(listed) }];
  const tables = (JSON.parse(listed.stdout) as { TableNames: string[] }).TableNames;
  return tables.map((table) => {
    const run = aws(['dynamodb', 'scan', '--table-name', table, '--consistent-read'], endpoint);
    if (run.status !== 0) return { table, error: failure(run) };
    try {
      return { table, items: (JSON.parse(run.stdout) as { Items: unknown[] }).Items.length };
    } catch (error) {
      return { table, error: `the CLI exited 0 but printed no readable JSON (${String(error)})` };
    }
  });
}

/**
 * The suite's closing check: every table on its DynamoDB Local scans cleanly with the AWS CLI.
 * Returns the problems in words; without the CLI that is a problem only under CI.
 */
export function checkTablesReadable(endpoint: string): { report: string; problems: string[] } {
  const version = awsCliVersion();
  if (!version) {
    const message = 'The AWS CLI (aws) is not installed, so the stored tables were not scanned with it';
    return process.env.CI === 'true' ? { report: message, problems: [`${message} (required under CI)`] } : { report: `${message}; skipped.`, problems: [] };
  }
  const scans = scanEveryTable(endpoint);
  const failed = scans.filter((scan) => scan.error !== undefined);
  const problems = failed.map((scan) => `aws dynamodb scan --table-name ${scan.table} failed: ${scan.error}`);
  if (scans.length === 0) problems.push('there were no tables to scan');
  const items = scans.reduce((sum, scan) => sum + (scan.items ?? 0), 0);
  const report = `AWS CLI (${version.split(' ')[0]}): scanned ${scans.length} tables on ${endpoint}, ${items.toLocaleString('en-GB')} items; ${failed.length} could not be read.`;
  return { report, problems };
}
