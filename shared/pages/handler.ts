/** The HTTP stack for functions that serve pages: a browser whose request fails gets a page, API clients problem+json. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpFunction, httpHandler } from '#shared/http/handler';
import { type HttpResult, wantsHtml } from '#shared/http/responses';

async function errorPage(problem: HttpResult, event: APIGatewayProxyEventV2): Promise<HttpResult | undefined> {
  const { statusCode } = problem;
  if (!wantsHtml(event) || statusCode === undefined) return undefined;
  // On demand: a function that answers JSON loads the page runtime only for a browser's error.
  return (await import('#shared/pages/error-page')).errorPage({ ...problem, statusCode });
}

export function pageHandler(fn: HttpFunction) {
  return httpHandler(fn, errorPage);
}
