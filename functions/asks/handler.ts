/**
 * GET /asks (a page, or JSON): every tracked ask of government by priority, filterable by status
 * (`?status=agreed&status=partly-agreed`), with the totals of £ asked and £ secured by status.
 * GET /asks.csv: the same, for board papers. GET /asks/{id}/{askId}: one ask with its history;
 * with a session cookie its page has the form to change it, whose post takes a board member's
 * session, or one of the priority's sponsor or delivery lead. It reads no token or session.
 */

import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { askBoard, askStatusFilter, askStatusLabels } from '#shared/domain/ask';
import { BadRequest, NotFound } from '#shared/domain/errors';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { csvResponse, toCsv } from '#shared/http/csv';
import { askIdOf, priorityIdOf } from '#shared/http/params';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { askPage, asksPage } from '#shared/pages/asks';
import { pageHandler } from '#shared/pages/handler';
import { askWithHistory } from '#shared/services/asks';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const programme = new ProgrammeReads(table);
const commitments = new Commitments(table);

export const handler = pageHandler(async (event) => {
  const nonce = newNonce();
  if (event.routeKey === 'GET /asks/{id}/{askId}') {
    const priorityId = priorityIdOf(event);
    const askId = askIdOf(event);
    const found = await askWithHistory({ commitments, programme }, priorityId, askId);
    if (!found) throw new NotFound(`There is no ask "${askId}" on priority "${priorityId}".`);
    const { ask, history, priority } = found;
    if (!wantsHtml(event)) return json(200, { ask, history });
    const changed = event.queryStringParameters?.changed !== undefined;
    // With a session cookie, the form: its CSRF token comes from the cookie, and the post checks that the session may change this ask.
    const sessionId = sessionIdFromCookies(event.cookies);
    const editor = sessionId ? { csrfToken: csrfTokenFor(sessionId) } : undefined;
    return html(200, askPage({ nonce, priorityTitle: priority.title, ask, history, ...(editor ? { editor } : {}), changed }), nonce);
  }
  const statuses = askStatusFilter(event.queryStringParameters?.status);
  if (!statuses)
    throw new BadRequest('Filter by the statuses an ask may have.', [
      { field: 'status', message: `must be among: ${Object.keys(askStatusLabels).join(', ')}` },
    ]);
  const [{ priorities }, tracked] = await Promise.all([programme.snapshot(), commitments.asks()]);
  const asks = tracked.map(({ value, version }) => ({ ...value, version }));
  if (event.routeKey === 'GET /asks.csv') return asksCsv(priorities, asks, statuses);
  if (wantsHtml(event)) return html(200, asksPage({ nonce, priorities, asks, statuses }), nonce);
  const board = askBoard(priorities, asks, statuses);
  return json(200, { statuses, totals: board.totals, shown: board.shownTotal, priorities: board.groups });
});

function asksCsv(...[priorities, asks, statuses]: Parameters<typeof askBoard>) {
  const header = [
    'Priority id',
    'Priority',
    'Ask id',
    'Ask',
    'Status',
    'Department or contact',
    '£ asked',
    '£ secured',
    'Government’s response',
    'Next step',
    'Next step owner',
    'Next step due',
    'Last changed',
  ];
  const rows = askBoard(priorities, asks, statuses).groups.flatMap((group) =>
    group.asks.map((ask) => [
      ask.priorityId,
      group.priorityTitle,
      ask.askId,
      ask.title,
      askStatusLabels[ask.status],
      ask.department,
      ask.askedGbp,
      ask.securedGbp,
      ask.response,
      ask.nextStep?.text,
      ask.nextStep?.owner,
      ask.nextStep?.due,
      ask.changedAt,
    ]),
  );
  return csvResponse(`asks-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(header, rows));
}
