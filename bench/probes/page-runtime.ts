/**
 * The libraries' floor with what every page carries whatever it shows: Nunjucks' runtime-only
 * build with the project's environment, and the smallest page (a message in the GOV.UK page
 * template). No page of the project's own: the floor of a page function. Its handler renders
 * that page and stores the baseline's item, so its cold request is a page function's floor too.
 */
import middy from '@middy/core';
import { message } from '#compiled-views/pages';
import { newNonce } from '#shared/http/responses';
import { renderPage } from '#shared/pages/render';
import { handler as bare } from '../baseline-handler.ts';

export { logger, metrics, schema } from './fixed-libraries.ts';

export const handler = middy(async (event: Parameters<typeof bare>[0]) => {
  const page = renderPage(message, { cspNonce: newNonce(), title: 'Recorded', paragraphs: ['The update was recorded.'] });
  return { ...(await bare(event)), pageBytes: page.length };
});
