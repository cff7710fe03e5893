/**
 * Tells people about a new update once its summary has changed: the priority's sponsors and
 * delivery lead (not the author), and the board when the status worsens to amber-red or red
 * or a barrier needs its support. Driven by summary changes on the stream.
 */
import { needsBoard, updateRecipients } from '../domain/notifications.ts';
import type { PrioritySummary } from '../domain/summary.ts';
import { updateNotification } from '../email/templates.ts';
import { deliverAll, deliverOnce, personalLinks, type Mailer } from './deliveries.ts';

export async function notifyUpdate(mailer: Mailer, before: PrioritySummary | null, after: PrioritySummary): Promise<{ sent: number; skipped: number }> {
  // Only a new latest update is news; a late older update or a replay changes nothing here.
  if (!after.lastUpdateId || after.lastUpdateId === before?.lastUpdateId) return { sent: 0, skipped: 0 };
  // The summary came with the stream record: only the update's details and the priority's title are read.
  const [update, profile, people] = await Promise.all([
    mailer.store.getUpdate(after.priorityId, after.lastUpdateId),
    mailer.store.getPriorityProfile(after.priorityId),
    mailer.store.listPeople(),
  ]);
  if (!update) throw new Error(`Update ${after.lastUpdateId} of ${after.priorityId} is not readable yet`);
  const title = profile?.title ?? after.priorityId;
  const recipients = updateRecipients(people, update, needsBoard(before, update));
  const event = `update#${update.id}`;
  return deliverAll(
    recipients.map((person) => () =>
      deliverOnce(mailer, event, person, () =>
        updateNotification({
          person,
          priorityTitle: title,
          update,
          previousStatus: before?.status ?? null,
          priorityUrl: `${mailer.baseUrl}/priorities/${update.priorityId}`,
          links: personalLinks(mailer.baseUrl, person),
        }),
      ),
    ),
  );
}
