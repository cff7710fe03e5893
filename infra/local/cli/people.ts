/**
 * `npm run people -- <add|list|change|remove> …` manages who hears about each priority, on the
 * local stack or, with `--stage <stage>`, on a deployed stage. Every add, change and removal is
 * recorded in the audit log with the operator; a removal, or a change of role, priority or
 * address, revokes the person's credentials (and so their sessions) and says how many.
 *   add    --role sponsor|delivery-lead|board --name N --email E [--priority ID] [--no-update-emails]
 *   list   [--priority ID]   (each person's address marked when SES reported it bounced or complained of)
 *   change --id PERSON_ID [--role R] [--priority ID] [--name N] [--email E]
 *   remove --id PERSON_ID
 */
import { parseArgs } from 'node:util';
import type { FailingAddress } from '#shared/data/failing-addresses';
import { DomainError, fieldErrors } from '#shared/domain/errors';
import { newPerson, type Person, personInputSchema, roleName } from '#shared/domain/people';
import { changePerson, removePerson } from '#shared/services/people';
import { explain, fail, targetOrExit } from './target.ts';

const usage = `Usage:
  npm run people -- add --role <sponsor|delivery-lead|board> --name <name> --email <email> [--priority <id>] [--no-update-emails] [--stage <stage>]
  npm run people -- list [--priority <id>] [--stage <stage>]
  npm run people -- change --id <personId> [--role <role>] [--priority <id>] [--name <name>] [--email <email>] [--stage <stage>]
  npm run people -- remove --id <personId> [--stage <stage>]`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      priority: { type: 'string' },
      id: { type: 'string' },
      stage: { type: 'string' },
      'no-update-emails': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
const { values, positionals } = parsed;
const command = positionals[0];
if (!command || !['add', 'list', 'change', 'remove'].includes(command)) fail(usage);
if ((command === 'change' || command === 'remove') && !values.id) fail(`--id is required.\n${usage}`);
// A person added here always has a display name; only a stage's settings may name a board member by address alone.
if (command === 'add' && !values.name) fail(`--name: a display name is required.\n${usage}`);

const { stores, describe, operator, close } = await targetOrExit(values.stage);

const scopeOf = (person: Person) => `${roleName(person.role)}${person.priorityId ? ` of ${person.priorityId}` : ''}`;
const revokedNote = (revoked: number) => `${revoked} credential${revoked === 1 ? '' : 's'} revoked, and the sessions made from them ended`;
const fieldMessage = (error: DomainError) => error.fieldErrors.map((e) => `--${e.field === 'priorityId' ? 'priority' : e.field}: ${e.message}`).join('\n');

async function knownPriority(priorityId: string | undefined): Promise<void> {
  if (priorityId && !(await stores.catalogue.priorityProfile(priorityId))) fail(`There is no priority "${priorityId}".`);
}

try {
  if (command === 'list') {
    const failing = new Map((await stores.failing.list()).map((report) => [report.address, report]));
    const people = (await stores.people.list())
      .filter((person) => !values.priority || person.priorityId === values.priority)
      .sort((a, b) => `${a.priorityId ?? ''}${a.role}`.localeCompare(`${b.priorityId ?? ''}${b.role}`));
    for (const person of people) {
      console.log(
        [
          person.personId,
          person.role,
          person.priorityId ?? '(board)',
          person.name ?? '(no name: shown by role)',
          person.email,
          person.preferences.updateNotifications ? 'update emails on' : 'update emails off',
          failingLabel(failing.get(person.email.toLowerCase())),
        ].join('\t'),
      );
    }
    console.error(`${people.length} people (${describe}).`);
    const listed = new Set(people.map((person) => person.email.toLowerCase()));
    for (const report of failing.values())
      if (!listed.has(report.address)) console.error(`Failing address of nobody listed: ${report.address}: ${failingLabel(report)}`);
  } else if (command === 'add') {
    const input = {
      role: values.role,
      name: values.name,
      email: values.email,
      ...(values.priority ? { priorityId: values.priority } : {}),
      updateNotifications: !values['no-update-emails'],
    };
    const checked = personInputSchema.safeParse(input);
    if (!checked.success)
      fail(
        `${fieldErrors(checked.error)
          .map((e) => `--${e.field === 'priorityId' ? 'priority' : e.field}: ${e.message}`)
          .join('\n')}\n${usage}`,
      );
    await knownPriority(checked.data.priorityId);
    const existing = await stores.people.list();
    if (existing.some((p) => p.email === checked.data.email && p.role === checked.data.role && p.priorityId === checked.data.priorityId)) {
      fail(`${checked.data.email} is already a ${checked.data.role}${checked.data.priorityId ? ` of ${checked.data.priorityId}` : ''}.`);
    }
    const person = newPerson(checked.data);
    await stores.people.save(person, await operator());
    console.log(person.personId);
    console.error(`Added ${person.name} as ${scopeOf(person)} (${describe}).`);
  } else if (command === 'change') {
    await knownPriority(values.priority);
    const change = {
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(values.email === undefined ? {} : { email: values.email }),
      ...(values.role === undefined ? {} : { role: values.role as Person['role'] }),
      ...(values.priority === undefined ? {} : { priorityId: values.priority }),
    };
    if (Object.keys(change).length === 0) fail(`Give at least one of --role, --priority, --name, --email.\n${usage}`);
    const { person, revoked } = await changePerson(stores, values.id!, change, await operator());
    console.log(`Changed ${person.personId}: now ${scopeOf(person)}; ${revokedNote(revoked)}.`);
  } else {
    const { person, revoked } = await removePerson(stores, values.id!, await operator());
    console.log(`${person ? `Removed ${person.personId} (${scopeOf(person)})` : `${values.id} was removed already`}; ${revokedNote(revoked)}.`);
  }
} catch (error) {
  if (error instanceof DomainError) fail(error.fieldErrors.length > 0 ? `${fieldMessage(error)}\n${usage}` : `${error.message} (${describe})`);
  fail(explain(error, describe, values.stage));
} finally {
  close();
}

/** What SES reported of an address, newest kind first; digests skip a hard-bounced one. */
function failingLabel(report: FailingAddress | undefined): string {
  if (!report) return 'address ok';
  const seen = [
    report.hardBounceAt ? `hard bounce ${report.hardBounceAt} (no digests)` : undefined,
    report.complaintAt ? `complaint ${report.complaintAt}` : undefined,
    report.transientBounceAt ? `transient bounce ${report.transientBounceAt}` : undefined,
  ].filter((part) => part !== undefined);
  return `FAILING: ${seen.join(', ')}; ${report.reports} report(s)`;
}
