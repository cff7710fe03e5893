/** A personal link's Continue page. */

import * as views from '#compiled-views/pages';
import type { Role } from '#shared/domain/people';
import { type LinkTarget, pathOf, sessionHours } from '#shared/domain/session';
import { renderPage } from '#shared/pages/render';

const linkPages: Record<LinkTarget['page'], string> = {
  'update-form': 'the update form',
  'assessment-form': 'the independent assessment form',
  barriers: 'the barriers needing board support',
};
const linkHolders: Record<Role, string> = { sponsor: 'the sponsor', 'delivery-lead': 'the delivery lead', board: 'a board member' };

/** A personal link's Continue page: it names whose link it is by role and priority alone, and posts the token to make the session. */
export function personalLinkPage(nonce: string, link: { token: string; target: LinkTarget; role: Role; priorityTitle?: string }): string {
  const title = link.priorityTitle;
  const holder = link.role === 'board' || title === undefined ? linkHolders[link.role] : `${linkHolders[link.role]} of ${title}`;
  const opens = title === undefined ? linkPages[link.target.page] : `${linkPages[link.target.page]} for ${title}`;
  return renderPage(views.personalLink, { cspNonce: nonce, token: link.token, next: pathOf(link.target), opens, holder, hours: sessionHours });
}
