/** The HTTP stack for functions that serve pages: a browser whose request fails gets a page, API clients problem+json. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sessionCookieHeader } from '#shared/domain/session';
import { html as markup } from '#shared/html';
import { type HttpFunction, httpHandler } from '#shared/http/handler';
import { type HttpResult, html, newNonce, wantsHtml } from '#shared/http/responses';

async function errorPage(problem: HttpResult, event: APIGatewayProxyEventV2): Promise<HttpResult | undefined> {
  const { statusCode } = problem;
  if (!wantsHtml(event) || statusCode === undefined) return undefined;
  // On demand: a function that answers JSON loads the page runtime only for a browser's error.
  return (await import('#shared/pages/error-page')).errorPage({ ...problem, statusCode });
}

export function pageHandler(fn: HttpFunction) {
  return httpHandler(fn, errorPage);
}

/**
 * The hop a personal link makes: the token becomes a session cookie and the browser goes on to
 * `path` without it, so the token leaves the address bar and the history. It is a same-site
 * refresh rather than a redirect, because a SameSite=Strict cookie set during a redirect that
 * began in an email client is not sent with the next request.
 */
export function sessionHop(path: string, linkText: string, session: { sessionId: string; expiresAt: string }): HttpResult {
  const nonce = newNonce();
  const page = markup`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${path}"><title>Opening the page</title></head>
<body><p><a href="${path}">${linkText}</a></p></body></html>`;
  return html(200, page.value, nonce, {}, [sessionCookieHeader(session.sessionId, session.expiresAt)]);
}
