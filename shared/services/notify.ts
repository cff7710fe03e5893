/**
 * Tells people about a new update once its summary has changed: the priority's sponsors and
 * delivery lead (not the author), and the board when the status worsens to amber-red or red
 * or a barrier needs its support. Driven by summary changes on the stream; so are the board's
 * responses to barriers, which go to the priority's sponsors and delivery lead.
 */

import type { Catalogue } from '#shared/data/catalogue';
import type { People } from '#shared/data/people';
import type { Updates } from '#shared/data/updates';
import type { BoardResponse } from '#shared/domain/barrier';
import { isNews, needsBoard, priorityRecipients, updateRecipients } from '#shared/domain/notifications';
import type { PrioritySummary } from '#shared/domain/summary';
import { deliverBatch, type Mailer, personalLinks } from '#shared/services/deliveries';

/** The batch of an update's delivery record: everyone told about it. */
const everyoneTold = '*';

export interface NotifyPorts {
  updates: Pick<Updates, 'get'>;
  catalogue: Pick<Catalogue, 'priorityProfile'>;
  people: Pick<People, 'list'>;
  mailer: Mailer;
}

export async function notifyUpdate(ports: NotifyPorts, before: PrioritySummary | null, after: PrioritySummary): Promise<{ sent: number; skipped: number }> {
  const { mailer } = ports;
  // Only a newer latest update is news: a late older update, a replay, or a summary set back (by hand, say) changes nothing here.
  if (!after.lastUpdateId || after.lastUpdateId <= (before?.lastUpdateId ?? '')) return { sent: 0, skipped: 0 };
  // The summary carries the update's time, so an update too old to be news costs no read.
  if (after.lastUpdateAt && !isNews(after.lastUpdateAt)) return { sent: 0, skipped: 0 };
  // The summary came with the stream record and carries the title the seed gave it: only the update's details and the people are read.
  const [update, title, people] = await Promise.all([
    ports.updates.get(after.priorityId, after.lastUpdateId),
    after.title ?? ports.catalogue.priorityProfile(after.priorityId).then((profile) => profile?.title ?? after.priorityId),
    ports.people.list(),
  ]);
  if (!update) throw new Error(`Update ${after.lastUpdateId} of ${after.priorityId} is not readable yet`);
  // Who hears follows from the summary itself (its previous status), not from what the item held before, so a repaired summary picks the same people.
  const previousStatus = after.previousStatus;
  const recipients = updateRecipients(people, update, needsBoard({ status: previousStatus }, update));
  const event = `update#${update.id}`;
  // One delivery record for everyone told: two writes however many they are.
  return deliverBatch(mailer, event, everyoneTold, recipients, (person) =>
    mailer.templates.updateNotification({
      person,
      priorityTitle: title,
      update,
      previousStatus,
      priorityUrl: `${mailer.baseUrl}/priorities/${update.priorityId}`,
      links: personalLinks(mailer.baseUrl, person),
    }),
  );
}

/** Tells a priority's sponsors and delivery lead of a board response to one of its barriers, once each. */
export async function notifyBoardResponse(ports: Omit<NotifyPorts, 'updates'>, response: BoardResponse): Promise<{ sent: number; skipped: number }> {
  const { mailer } = ports;
  if (!isNews(response.respondedAt)) return { sent: 0, skipped: 0 };
  const [profile, people] = await Promise.all([ports.catalogue.priorityProfile(response.priorityId), ports.people.list()]);
  return deliverBatch(mailer, `response#${response.responseId}`, everyoneTold, priorityRecipients(people, response.priorityId), (person) =>
    mailer.templates.boardResponse({
      person,
      priorityTitle: profile?.title ?? response.priorityId,
      response,
      priorityUrl: `${mailer.baseUrl}/priorities/${response.priorityId}`,
      links: personalLinks(mailer.baseUrl, person),
    }),
  );
}
