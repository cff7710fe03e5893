/**
 * The libraries' floor with what every page carries whatever it shows: Nunjucks' runtime-only
 * build with the project's environment, and the smallest page (a message in the GOV.UK page
 * template). No page of the project's own: the floor of a page function's load.
 */
import { message } from '#compiled-views/pages';
import { renderPage } from '#shared/pages/render';

export { handler, logger, metrics, schema } from './fixed-libraries.ts';
export const page = (nonce: string) => renderPage(message, { cspNonce: nonce, title: 'Title', paragraphs: [] });
