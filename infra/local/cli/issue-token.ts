/**
 * `npm run -s issue-token -- (--priority <id> [--role sponsor|delivery-lead] | --board) [--name N] [--email E] [--days D] [--stage S]`
 * Prints a new token, and only the token, on stdout; details go to stderr. A priority's token
 * posts its updates (a delivery lead's also records an independent assessment); a board token
 * responds to barriers and assesses any priority, and never posts an update.
 * Without --stage it works on the local stack; with it, on that deployed stage's table.
 */
import { parseArgs } from 'node:util';
import { issueToken, tokenHolderSchema } from '#shared/domain/credential';
import { fieldErrors } from '#shared/domain/errors';
import { explain, fail, targetOrExit } from './target.ts';

const usage =
  'Usage: npm run -s issue-token -- (--priority <id> [--role sponsor|delivery-lead] | --board) [--name <name>] [--email <email>] [--days <1-400>] [--stage <stage>]';

let values;
try {
  ({ values } = parseArgs({
    options: {
      priority: { type: 'string' },
      role: { type: 'string', default: 'sponsor' },
      board: { type: 'boolean', default: false },
      name: { type: 'string' },
      email: { type: 'string' },
      days: { type: 'string', default: '90' },
      stage: { type: 'string' },
    },
  }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (values.board === Boolean(values.priority)) fail(`Give either --priority or --board.\n${usage}`);
if (values.board && process.argv.includes('--role')) fail(`A board token has no --role of its own.\n${usage}`);
const role = values.role;
if (role !== 'sponsor' && role !== 'delivery-lead') fail(`--role must be sponsor or delivery-lead.\n${usage}`);
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 400) fail(`--days must be a whole number from 1 to 400.\n${usage}`);
const holder = tokenHolderSchema.safeParse({
  ...(values.name ? { name: values.name } : {}),
  ...(values.email ? { email: values.email } : {}),
});
if (!holder.success)
  fail(
    `${fieldErrors(holder.error)
      .map((e) => `--${e.field}: ${e.message}`)
      .join('\n')}\n${usage}`,
  );

const { stores, describe, close } = await targetOrExit(values.stage);
try {
  const priority = values.priority === undefined ? undefined : await stores.catalogue.priorityProfile(values.priority);
  if (values.priority !== undefined && !priority) {
    const { priorities } = await stores.programme.snapshot();
    fail(`There is no priority "${values.priority}". Known priorities:\n  ${priorities.map((p) => p.id).join('\n  ')}`);
  }
  const { token, credential } = issueToken({
    ...(values.priority === undefined ? { role: 'board' as const } : { role, priorityId: values.priority }),
    days,
    ...(holder.data.name ? { name: holder.data.name } : {}),
    ...(holder.data.email ? { email: holder.data.email } : {}),
  });
  await stores.credentials.save(credential);
  console.error(
    `Issued ${credential.role} token ${credential.tokenId}${credential.priorityId ? ` for ${credential.priorityId}` : ''}, expires ${credential.expiresAt} (${describe}).`,
  );
  console.log(token);
} catch (error) {
  fail(explain(error, describe, values.stage));
} finally {
  close();
}
