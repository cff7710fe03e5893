/** The HTTP stack for functions that serve pages: a browser whose request fails gets a page, API clients problem+json. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sessionCookieHeader } from '#shared/domain/session';
import { html as markup } from '#shared/html';
import { type HttpFunction, httpHandler } from '#shared/http/handler';
import { type HttpResult, html, newNonce, wantsHtml } from '#shared/http/responses';
import { messagePage } from '#shared/pages/pages';

const advice: Record<number, string> = {
  401: 'Open the link in your latest email from the programme; links expire after a while and a new one comes with each weekly digest.',
  403: 'This page or action belongs to another priority, or the form came from somewhere else. Go back, reload the form and try again.',
  404: 'Check the address, or start again from the dashboard.',
};

function errorPage(problem: HttpResult, event: APIGatewayProxyEventV2): HttpResult | undefined {
  if (!wantsHtml(event) || problem.statusCode === undefined) return undefined;
  const { title, detail } = JSON.parse(problem.body ?? '{}') as { title?: string; detail?: string };
  const nonce = newNonce();
  const { 'content-type': _type, ...headers } = (problem.headers ?? {}) as Record<string, string>;
  const paragraphs = [detail ?? '', advice[problem.statusCode] ?? 'Please try again in a few minutes.'].filter(Boolean);
  return html(problem.statusCode, messagePage(nonce, title ?? 'Something went wrong', paragraphs), nonce, headers);
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
