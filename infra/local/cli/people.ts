/**
 * `npm run people -- <add|list|remove> …` manages who hears about each priority, on the local
 * stack or, with `--stage <stage>`, on a deployed stage.
 *   add    --role sponsor|delivery-lead|board --name N --email E [--priority ID] [--no-update-emails]
 *   list   [--priority ID]   (each person's address marked when SES reported it bounced or complained of)
 *   remove --id PERSON_ID
 */
import { parseArgs } from 'node:util';
import type { FailingAddress } from '#shared/data/failing-addresses';
import { fieldErrors } from '#shared/domain/errors';
import { newPerson, personInputSchema } from '#shared/domain/people';
import { explain, fail, targetOrExit } from './target.ts';

const usage = `Usage:
  npm run people -- add --role <sponsor|delivery-lead|board> --name <name> --email <email> [--priority <id>] [--no-update-emails] [--stage <stage>]
  npm run people -- list [--priority <id>] [--stage <stage>]
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
if (!command || !['add', 'list', 'remove'].includes(command)) fail(usage);

const { stores, describe, close } = await targetOrExit(values.stage);

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
          person.name,
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
          .map((e) => `--${e.field}: ${e.message}`)
          .join('\n')}\n${usage}`,
      );
    if (checked.data.priorityId && !(await stores.catalogue.priorityProfile(checked.data.priorityId)))
      fail(`There is no priority "${checked.data.priorityId}".`);
    const existing = await stores.people.list();
    if (existing.some((p) => p.email === checked.data.email && p.role === checked.data.role && p.priorityId === checked.data.priorityId)) {
      fail(`${checked.data.email} is already a ${checked.data.role}${checked.data.priorityId ? ` of ${checked.data.priorityId}` : ''}.`);
    }
    const person = newPerson(checked.data);
    await stores.people.save(person);
    console.log(person.personId);
    console.error(`Added ${person.name} as ${person.role}${person.priorityId ? ` of ${person.priorityId}` : ''} (${describe}).`);
  } else {
    if (!values.id) fail(`--id is required.\n${usage}`);
    if (!(await stores.people.remove(values.id))) fail(`No person with id ${values.id} (${describe}).`);
    console.log(`Removed ${values.id}.`);
  }
} catch (error) {
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
