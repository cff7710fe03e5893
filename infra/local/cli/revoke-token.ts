/**
 * `npm run revoke-token -- --token-id <id>` (or `--token <token>`) [--stage <stage>]: the
 * token stops working at once, and so does every session made from it; the audit log records it. Without --stage it works on the local stack.
 */
import { parseArgs } from 'node:util';
import { tokenIdOf } from '#shared/domain/credential';
import { explain, fail, targetOrExit } from './target.ts';

const usage = 'Usage: npm run revoke-token -- --token-id <id> | --token <token> [--stage <stage>]';
let values;
try {
  ({ values } = parseArgs({ options: { 'token-id': { type: 'string' }, token: { type: 'string' }, stage: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
const tokenId = values['token-id'] ?? (values.token ? tokenIdOf(values.token) : null);
if (!tokenId) fail(`Give --token-id, or a well-formed --token.\n${usage}`);

const { stores, describe, operator, close } = await targetOrExit(values.stage);
try {
  if (!(await stores.credentials.revoke(tokenId, await operator()))) fail(`No token with id ${tokenId} (${describe}).`);
  console.log(`Revoked token ${tokenId}.`);
} catch (error) {
  fail(explain(error, describe, values.stage));
} finally {
  close();
}
