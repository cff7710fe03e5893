/** The page a browser gets when its request fails, apart from pages/handler.ts so that only a browser's error loads the page runtime. */
import { type HttpResult, html, newNonce } from '#shared/http/responses';
import { messagePage } from '#shared/pages/pages';

const advice: Record<number, string> = {
  401: 'Open the link in your latest email from the programme; links expire after a while and a new one comes with each weekly digest.',
  403: 'This page or action belongs to another priority, or the form came from somewhere else. Go back, reload the form and try again.',
  404: 'Check the address, or start again from the dashboard.',
};

/** The problem's title and detail as a page, with advice for its status. */
export function errorPage(problem: HttpResult & { statusCode: number }): HttpResult {
  const { title, detail } = JSON.parse(problem.body ?? '{}') as { title?: string; detail?: string };
  const nonce = newNonce();
  const { 'content-type': _type, ...headers } = (problem.headers ?? {}) as Record<string, string>;
  const paragraphs = [detail ?? '', advice[problem.statusCode] ?? 'Please try again in a few minutes.'].filter(Boolean);
  return html(problem.statusCode, messagePage(nonce, title ?? 'Something went wrong', paragraphs), nonce, headers);
}
