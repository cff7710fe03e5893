/**
 * `npm run preflight -- --stage <stage>`
 * Read-only checks of what would stop the stage's deployment or its email, one line each:
 * `ok`, `problem` or `cannot tell`, with advice. Exits 1 when any check finds a problem.
 * Uses the standard AWS credential chain and region, like `npm run deploy`.
 */
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import { edgeRegion } from '../../naming.ts';
import { exitCode, formatResults, preflight } from './preflight-checks.ts';
import { fail } from './target.ts';

const usage = 'Usage: npm run preflight -- --stage <stage>';

let values;
try {
  ({ values } = parseArgs({ options: { stage: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (!values.stage) fail(`--stage is required.\n${usage}`);

const clients = {
  sts: new STSClient({ maxAttempts: 3 }),
  cloudFormation: new CloudFormationClient({ maxAttempts: 3 }),
  edgeCloudFormation: new CloudFormationClient({ maxAttempts: 3, region: edgeRegion }),
  ses: new SESv2Client({ maxAttempts: 3 }),
};
try {
  const results = await preflight(values.stage, clients);
  console.log(formatResults(results).join('\n'));
  process.exitCode = exitCode(results);
} finally {
  for (const client of Object.values(clients)) client.destroy();
}
