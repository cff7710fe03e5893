/**
 * GET /board-packs: the packs made, and with a session cookie the form that makes one.
 * GET /board-packs/{quarter} and /board-packs/{quarter}/pack.csv: a quarter's board pack, as a
 * printable page and as CSV. It reads the packs alone: the form's CSRF token is derived from the
 * session cookie without reading the session, and the post that makes a pack checks the session.
 */

import { BoardPacks } from '#shared/data/board-packs';
import { TableCore } from '#shared/data/core';
import { quarterJustEnded } from '#shared/domain/board-pack';
import { NotFound } from '#shared/domain/errors';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { boardPackCsv, quarterParamOf } from '#shared/http/board-pack';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { boardPackPage, boardPacksPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const packs = new BoardPacks(new TableCore(settingsFor(definition).TABLE_NAME));

export const handler = pageHandler(async (event) => {
  const nonce = newNonce();
  if (event.routeKey === 'GET /board-packs') {
    const sessionId = sessionIdFromCookies(event.cookies);
    const form = sessionId ? { csrfToken: csrfTokenFor(sessionId) } : {};
    return html(200, boardPacksPage(nonce, { packs: await packs.list(), quarter: quarterJustEnded(new Date()), ...form }), nonce);
  }
  const quarter = quarterParamOf(event);
  const pack = await packs.get(quarter);
  if (!pack) throw new NotFound(`No board pack has been made for ${quarter}.`);
  if (event.routeKey === 'GET /board-packs/{quarter}/pack.csv') return boardPackCsv(pack);
  return html(200, boardPackPage(nonce, pack), nonce);
});
