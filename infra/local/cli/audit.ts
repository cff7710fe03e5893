/**
 * `npm run audit -- [--since <YYYY-MM-DD>] [--until <YYYY-MM-DD>] [--stage <stage>]`: prints the
 * audit log, one line per entry, oldest first: when, the act, who (name, role, person id), on
 * what, and what it changed. Without --since, the last 90 days; without --stage, the local stack.
 */
import { parseArgs } from 'node:util';
import { AuditLog } from '#shared/data/audit';
import { actorText, auditRange, changeText, subjectText } from '#shared/domain/audit';
import { ValidationFailed } from '#shared/domain/errors';
import { explain, fail, targetOrExit } from './target.ts';

const usage = 'Usage: npm run audit -- [--since <YYYY-MM-DD>] [--until <YYYY-MM-DD>] [--stage <stage>]';
let values;
try {
  ({ values } = parseArgs({ options: { since: { type: 'string' }, until: { type: 'string' }, stage: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
let range;
try {
  range = auditRange(values);
} catch (error) {
  if (!(error instanceof ValidationFailed)) throw error;
  fail(`${error.fieldErrors.map(({ field, message }) => `--${field} ${message}`).join('; ')}.\n${usage}`);
}

const { stores, describe, close } = await targetOrExit(values.stage);
try {
  const entries = await new AuditLog(stores.table).between(range.since, range.until);
  for (const entry of entries) {
    const line = [entry.at, entry.act, actorText(entry.actor), subjectText(entry.subject), changeText(entry)].filter(Boolean).join('  ');
    // One line per entry, and nothing a terminal would act on: a decision's line breaks or a name's control characters become spaces.
    console.log(line.replace(/\p{Cc}+/gu, ' '));
  }
  console.error(
    `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} from ${range.since.toISOString()} to ${range.until.toISOString()} (${describe}).`,
  );
} catch (error) {
  fail(explain(error, describe, values.stage));
} finally {
  close();
}
