/**
 * `npm run -s issue-token -- (--priority <id> [--role sponsor|delivery-lead] | --board) [--name N] [--email E] [--days D] [--stage S]`
 * or `-- --person <personId> [--days D] [--stage S]`: a token for someone on the people list, with
 * their role, priority and name, revoked when they are removed or their access changes.
 * Prints a new token, and only the token, on stdout; details go to stderr; the audit log records the issue. A priority's token
 * posts its updates (a delivery lead's also records an independent assessment); a board token
 * responds to barriers and assesses any priority, and never posts an update.
 * Without --stage it works on the local stack; with it, on that deployed stage's table.
 */
import { parseArgs } from 'node:util';
import { issueToken, tokenHolderSchema } from '#shared/domain/credential';
import { fieldErrors } from '#shared/domain/errors';
import { explain, fail, targetOrExit } from './target.ts';

const usage = `Usage: npm run -s issue-token -- (--priority <id> [--role sponsor|delivery-lead] | --board) [--name <name>] [--email <email>] [--days <1-400>] [--stage <stage>]
       npm run -s issue-token -- --person <personId> [--days <1-400>] [--stage <stage>]`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      person: { type: 'string' },
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
const forPerson = values.person !== undefined;
if (forPerson && ['--priority', '--board', '--role', '--name', '--email'].some((option) => process.argv.includes(option)))
  fail(`A token for --person takes the person's role, priority and name.\n${usage}`);
if (!forPerson && values.board === Boolean(values.priority)) fail(`Give either --priority or --board.\n${usage}`);
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

const given = { priorityId: values.priority as string | undefined, role: role as 'sponsor' | 'delivery-lead', holder: holder.data };
const personId: string | undefined = values.person;

const { stores, describe, operator, close } = await targetOrExit(values.stage);

/** The scope and holder of a person's token: theirs, from the people list. */
async function personScope(personId: string) {
  const person = await stores.people.get(personId);
  if (!person) fail(`No person with id ${personId} (${describe}).`);
  const scope = person.role === 'board' ? { role: 'board' as const } : { role: person.role, priorityId: person.priorityId! };
  return { ...scope, personId, ...(person.name ? { name: person.name } : {}), email: person.email };
}

/** The scope and holder the operator gave. */
async function givenScope() {
  const { priorityId, holder } = given;
  if (priorityId !== undefined && !(await stores.catalogue.priorityProfile(priorityId))) {
    const { priorities } = await stores.programme.snapshot();
    fail(`There is no priority "${priorityId}". Known priorities:\n  ${priorities.map((p) => p.id).join('\n  ')}`);
  }
  return {
    ...(priorityId === undefined ? { role: 'board' as const } : { role: given.role, priorityId }),
    ...(holder?.name ? { name: holder.name } : {}),
    ...(holder?.email ? { email: holder.email } : {}),
  };
}

try {
  const scope = personId === undefined ? await givenScope() : await personScope(personId);
  const { token, credential } = issueToken({ ...scope, days });
  await stores.credentials.save(credential, await operator());
  const holderOf = credential.personId ? ` for person ${credential.personId}` : credential.priorityId ? ` for ${credential.priorityId}` : '';
  console.error(`Issued ${credential.role} token ${credential.tokenId}${holderOf}, expires ${credential.expiresAt} (${describe}).`);
  console.log(token);
} catch (error) {
  fail(explain(error, describe, values.stage));
} finally {
  close();
}
