/**
 * Who is asking: a token (in a header, a form field or a personal link) or a browser session
 * made from one. Every failure to prove identity is a 401; a cookie without the form's CSRF
 * token is a 403; a credential for another priority or role is a 403. Opening a personal link
 * only checks it: the session is made by the person's own post from the link's Continue page,
 * and ended by their sign-out.
 */

import type { Credentials } from '#shared/data/credentials';
import type { Sessions } from '#shared/data/sessions';
import { authenticate, type Credential, type Proof, stillValid, tokenIdOf } from '#shared/domain/credential';
import { Forbidden, Unauthorised } from '#shared/domain/errors';
import { authoriseLink, csrfTokenMatches, hashSessionId, type LinkTarget, newSession } from '#shared/domain/session';

export interface AccessPorts {
  credentials: Pick<Credentials, 'get'>;
  sessions: Pick<Sessions, 'get'>;
}

async function credentialOfToken(ports: Pick<AccessPorts, 'credentials'>, token: string, now = new Date()): Promise<Credential> {
  const tokenId = tokenIdOf(token);
  return authenticate(token, tokenId ? await ports.credentials.get(tokenId) : undefined, now);
}

/** The credential behind a browser session; `csrf` is checked when the request changes something. */
export async function credentialOfSession(
  ports: AccessPorts,
  sessionId: string | undefined,
  csrf?: { presented: unknown },
  now = new Date(),
): Promise<Credential> {
  if (!sessionId) throw new Unauthorised('This page needs the personal link from your latest email.');
  const session = await ports.sessions.get(hashSessionId(sessionId), now);
  if (!session) throw new Unauthorised('Your session has ended. Open the link in your latest email again.');
  if (csrf && !csrfTokenMatches(sessionId, csrf.presented)) {
    throw new Forbidden('This form has expired or did not come from this service. Reload the form and try again.');
  }
  return stillValid(await ports.credentials.get(session.tokenId), now);
}

export function credentialOf(ports: AccessPorts, proof: Proof, now = new Date()): Promise<Credential> {
  return proof.kind === 'token' ? credentialOfToken(ports, proof.token, now) : credentialOfSession(ports, proof.sessionId, { presented: proof.csrfToken }, now);
}

/** The credential behind a personal link, when it may use the page the link opens; nothing is written. */
export async function credentialOfLink(ports: Pick<AccessPorts, 'credentials'>, token: string, target: LinkTarget, now = new Date()): Promise<Credential> {
  const credential = await credentialOfToken(ports, token, now);
  authoriseLink(credential, target);
  return credential;
}

/** Exchanges a personal link's token for a new browser session, when the token may use the page the link opens. */
export async function openSession(
  ports: { credentials: Pick<Credentials, 'get'>; sessions: Pick<Sessions, 'save'> },
  token: string,
  target: LinkTarget,
  now = new Date(),
) {
  const { sessionId, stored } = newSession(await credentialOfLink(ports, token, target, now), now);
  await ports.sessions.save(stored);
  return { sessionId, expiresAt: stored.expiresAt };
}

/** Sign-out: ends the session when the form is its own; without a session there is nothing to end. */
export async function endSession(ports: { sessions: Pick<Sessions, 'end'> }, sessionId: string | undefined, csrfToken: unknown): Promise<void> {
  if (!sessionId) return;
  if (!csrfTokenMatches(sessionId, csrfToken)) throw new Forbidden('This sign-out did not come from this service’s own page. Reload the page and try again.');
  await ports.sessions.end(hashSessionId(sessionId));
}
