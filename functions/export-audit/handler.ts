/**
 * GET /audit.csv?since=YYYY-MM-DD[&until=YYYY-MM-DD]: the audit log, oldest first, for the board
 * only. Proof is a board token in the Authorization header, or a board member's session cookie
 * (a read changes nothing, so no CSRF token).
 */

import { AuditLog } from '#shared/data/audit';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { Sessions } from '#shared/data/sessions';
import { auditRange, changeText, maxAuditRequestDays, subjectText } from '#shared/domain/audit';
import { authoriseBoard } from '#shared/domain/credential';
import { Unauthorised } from '#shared/domain/errors';
import { csvResponse, toCsv } from '#shared/http/csv';
import { httpHandler } from '#shared/http/handler';
import { proofOf } from '#shared/http/token';
import { credentialOf, credentialOfSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const log = new AuditLog(table);

export const handler = httpHandler(async (event) => {
  const now = new Date();
  const proof = proofOf(event, undefined);
  if (!proof) throw new Unauthorised('A board member’s token or session is required.');
  // A GET changes nothing: a session needs no CSRF token here.
  const credential = proof.kind === 'session' ? await credentialOfSession(access, proof.sessionId, undefined, now) : await credentialOf(access, proof, now);
  authoriseBoard(credential);
  const { since, until } = auditRange({ since: event.queryStringParameters?.since, until: event.queryStringParameters?.until }, now, maxAuditRequestDays);
  const entries = await log.between(since, until);
  const header = ['When', 'Act', 'Actor', 'Role', 'Person id', 'Subject', 'Priority', 'Before -> after'];
  const rows = entries.map((entry) => [
    entry.at,
    entry.act,
    entry.actor.name,
    entry.actor.role,
    entry.actor.personId,
    subjectText(entry.subject),
    entry.subject.priorityId,
    changeText(entry),
  ]);
  return csvResponse(`audit-${since.toISOString().slice(0, 10)}-to-${until.toISOString().slice(0, 10)}.csv`, toCsv(header, rows));
});
