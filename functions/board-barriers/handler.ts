/**
 * GET /barriers: the barriers needing board support, oldest first. Anyone may read it; with a
 * board member's session it also has a form to respond to each. A board member's personal link
 * (`?token=`) opens its Continue page, whose post makes that session (functions/sessions).
 */

import { Barriers } from '#shared/data/barriers';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { roleOf } from '#shared/domain/credential';
import { Unauthorised } from '#shared/domain/errors';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { barriersPage, personalLinkPage } from '#shared/pages/pages';
import { credentialOfLink, credentialOfSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const programme = new ProgrammeReads(table);
const barriers = new Barriers(table);

/** The board member behind a session, or nothing: without one the page is read-only, never an error. */
async function boardOf(sessionId: string | undefined) {
  if (!sessionId) return undefined;
  try {
    const credential = await credentialOfSession(access, sessionId);
    return roleOf(credential) === 'board' ? { csrfToken: csrfTokenFor(sessionId), ...(credential.name ? { name: credential.name } : {}) } : undefined;
  } catch (error) {
    if (error instanceof Unauthorised) return undefined;
    throw error;
  }
}

export const handler = pageHandler(async (event) => {
  const token = event.queryStringParameters?.token;
  if (token !== undefined) {
    const target = { page: 'barriers' } as const;
    const credential = await credentialOfLink(access, token, target);
    const nonce = newNonce();
    return html(200, personalLinkPage(nonce, { token, target, role: roleOf(credential) }), nonce);
  }
  const [{ priorities }, log, board] = await Promise.all([programme.snapshot(), barriers.list(), boardOf(sessionIdFromCookies(event.cookies))]);
  const responded = event.queryStringParameters?.responded;
  const nonce = newNonce();
  return html(200, barriersPage({ nonce, priorities, barriers: log, ...(board ? { board } : {}), ...(responded ? { responded } : {}) }), nonce);
});
