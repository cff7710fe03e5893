/**
 * GET /accessibility, /privacy and /cookies: the accessibility statement, the privacy notice and
 * the cookies page, linked from every page's footer. The organisation, its contacts and the
 * retention the stage sets come from this function's settings.
 */
import { NotFound } from '#shared/domain/errors';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { accessibilityPage, cookiesPage, type Organisation, privacyPage } from '#shared/pages/statutory';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const organisation: Organisation = {
  name: settings.ORGANISATION_NAME,
  dataProtectionEmail: settings.DATA_PROTECTION_EMAIL,
  accessibilityEmail: settings.ACCESSIBILITY_EMAIL,
  logRetentionDays: settings.LOG_RETENTION_DAYS,
  linkTokenDays: settings.LINK_TOKEN_DAYS,
};

const pages: Record<string, (nonce: string) => string> = {
  'GET /accessibility': (nonce) => accessibilityPage(nonce, organisation),
  'GET /privacy': (nonce) => privacyPage(nonce, organisation),
  'GET /cookies': (nonce) => cookiesPage(nonce),
};

export const handler = pageHandler(async (event) => {
  const page = pages[event.routeKey];
  if (!page) throw new NotFound('There is no such page.');
  const nonce = newNonce();
  return html(200, page(nonce), nonce);
});
