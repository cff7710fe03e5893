/**
 * What a standard client makes of the stored data: `aws dynamodb scan` of every table on a
 * DynamoDB Local. A string the service should never have stored (a lone surrogate) makes the
 * AWS CLI fail ("'utf-8' codec can't encode character '\ud800' ... surrogates not allowed"),
 * so a table it cannot scan means something ill-formed got through the write path.
 */
import { execFile } from 'node:child_process';

interface TableScan {
  table: string;
  /** Items the CLI printed, when the scan succeeded. */
  items?: number;
  /** The CLI's exit status and the end of what it said, when it failed. */
  error?: string;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

/**
 * Runs the CLI without blocking the event loop: the scan runs in the suite's global teardown,
 * while vitest is still talking to its workers, and a blocked main process misses their answers.
 */
function aws(args: string[], endpoint?: string): Promise<Run> {
  // Dummy credentials and no profile: DynamoDB Local accepts any, and nothing here may reach a real account.
  const { AWS_PROFILE: _profile, AWS_DEFAULT_PROFILE: _defaultProfile, AWS_SESSION_TOKEN: _session, ...inherited } = process.env;
  return new Promise((resolveRun) => {
    execFile(
      'aws',
      endpoint ? [...args, '--endpoint-url', endpoint, '--region', 'eu-west-2', '--output', 'json'] : args,
      {
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
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolveRun({ status, stdout, stderr, ...(error && status === null ? { error: error.message } : {}) });
      },
    );
  });
}

/** Whether `aws` is on PATH and runs. */
async function awsCliVersion(): Promise<string | undefined> {
  const run = await aws(['--version']);
  return run.status === 0 ? `${run.stdout}${run.stderr}`.trim() : undefined;
}

const failure = (run: Run) => `exit ${run.status ?? run.error}: ${`${run.stderr}`.trim().split('\n').slice(-3).join(' / ')}`;

/** Lists the tables with the CLI, then scans each one in full (the CLI follows every page). */
async function scanEveryTable(endpoint: string): Promise<TableScan[]> {
  const listed = await aws(['dynamodb', 'list-tables'], endpoint);
  if (listed.status !== 0) return [{ table: '(list-tables)', error: failure(listed) }];
  const tables = (JSON.parse(listed.stdout) as { TableNames: string[] }).TableNames;
  const scans: TableScan[] = [];
  for (const table of tables) scans.push(await scanTable(table, endpoint));
  return scans;
}

async function scanTable(table: string, endpoint: string): Promise<TableScan> {
  const run = await aws(['dynamodb', 'scan', '--table-name', table, '--consistent-read'], endpoint);
  if (run.status !== 0) return { table, error: failure(run) };
  try {
    return { table, items: (JSON.parse(run.stdout) as { Items: unknown[] }).Items.length };
  } catch (error) {
    return { table, error: `the CLI exited 0 but printed no readable JSON (${String(error)})` };
  }
}

/**
 * The suite's closing check: every table on its DynamoDB Local scans cleanly with the AWS CLI.
 * Returns the problems in words; without the CLI that is a problem only under CI.
 */
export async function checkTablesReadable(endpoint: string): Promise<{ report: string; problems: string[] }> {
  const version = await awsCliVersion();
  if (!version) {
    const message = 'The AWS CLI (aws) is not installed, so the stored tables were not scanned with it';
    return process.env.CI === 'true' ? { report: message, problems: [`${message} (required under CI)`] } : { report: `${message}; skipped.`, problems: [] };
  }
  const scans = await scanEveryTable(endpoint);
  const failed = scans.filter((scan) => scan.error !== undefined);
  const problems = failed.map((scan) => `aws dynamodb scan --table-name ${scan.table} failed: ${scan.error}`);
  if (scans.length === 0) problems.push('there were no tables to scan');
  const items = scans.reduce((sum, scan) => sum + (scan.items ?? 0), 0);
  const report = `AWS CLI (${version.split(' ')[0]}): scanned ${scans.length} tables on ${endpoint}, ${items.toLocaleString('en-GB')} items; ${failed.length} could not be read.`;
  return { report, problems };
}
