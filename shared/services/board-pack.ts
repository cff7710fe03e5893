/**
 * Making a quarter's board pack: read everything it is built from, build it, store it once,
 * and email each board member the link. A quarter that has a pack keeps it: making it again
 * keeps the stored pack and writes nothing, except to finish sending emails a failed run
 * left unsent (each board member is sent the link once).
 */

import type { Assessments } from '#shared/data/assessments';
import type { Barriers } from '#shared/data/barriers';
import type { BoardPacks } from '#shared/data/board-packs';
import type { Commitments } from '#shared/data/commitments';
import type { People } from '#shared/data/people';
import type { ProgrammeReads } from '#shared/data/programme';
import type { Updates } from '#shared/data/updates';
import type { TrackedAsk } from '#shared/domain/ask';
import { type Actor, auditEntry } from '#shared/domain/audit';
import { type BoardPack, type BoardPackHead, buildBoardPack, historyEnoughFor, type PriorityRecords } from '#shared/domain/board-pack';
import { newRecordId } from '#shared/domain/ids';
import { deliveryRecordDays } from '#shared/domain/retention';
import type { ProgressUpdate } from '#shared/domain/update';
import { type BatchOutcome, deliverToEach, type EachMailer, personalLinks } from '#shared/services/deliveries';
import { wholeHistory } from '#shared/services/summarise';

export interface BoardPackPorts {
  programme: Pick<ProgrammeReads, 'snapshot'>;
  updates: Pick<Updates, 'list' | 'get'>;
  assessments: Pick<Assessments, 'history'>;
  barriers: Pick<Barriers, 'list'>;
  commitments: Pick<Commitments, 'changes' | 'list'>;
  /** MEASURE_TOLERANCE_PERCENT, for the measures the pack flags off track. */
  tolerancePercent: number;
  packs: Pick<BoardPacks, 'head' | 'create'>;
  people: Pick<People, 'list'>;
  mailer: EachMailer;
}

export interface BoardPackOutcome {
  quarter: string;
  /** False when the quarter had a pack already, which is kept unchanged. */
  made: boolean;
  url: string;
  /** The stored pack's head: what it holds and when it was made. */
  head: BoardPackHead;
  emails: BatchOutcome;
}

/**
 * A priority's history, newest first, a page at a time, as far back as a pack of the quarter
 * needs (`historyEnoughFor`): the updates before the quarter matter only for the status at its
 * end and at the previous quarter's.
 */
function historyOf(updates: BoardPackPorts['updates'], priorityId: string, quarter: string): Promise<ProgressUpdate[]> {
  return wholeHistory(updates, priorityId, (read) => historyEnoughFor(quarter, read));
}

/** The updates that corrections in the history read supersede and that are older than it: the pack says what each correction changed. */
async function originalsOf(updates: BoardPackPorts['updates'], priorityId: string, read: readonly ProgressUpdate[]): Promise<ProgressUpdate[]> {
  const ids = new Set(read.map((update) => update.id));
  const missing = read.flatMap((update) => (update.corrects && !ids.has(update.corrects.updateId) ? [update.corrects.updateId] : []));
  const found = await Promise.all(missing.map((id) => updates.get(priorityId, id)));
  return found.filter((update) => update !== undefined);
}

/** Reads and builds the pack as the data stand now. */
async function build(ports: BoardPackPorts, quarter: string, now: Date): Promise<BoardPack> {
  const [snapshot, barriers, askChanges, committed] = await Promise.all([
    ports.programme.snapshot(),
    ports.barriers.list(),
    ports.commitments.changes<TrackedAsk>('ASK'),
    ports.commitments.list(),
  ]);
  const priorities: PriorityRecords[] = [];
  for (const priority of snapshot.priorities) {
    const [updates, assessments] = await Promise.all([historyOf(ports.updates, priority.id, quarter), ports.assessments.history(priority.id)]);
    const corrected = await originalsOf(ports.updates, priority.id, updates);
    const own = <T extends { priorityId: string }>(items: readonly { value: T }[]) =>
      items.flatMap(({ value }) => (value.priorityId === priority.id ? [value] : []));
    priorities.push({
      priority,
      updates,
      corrected,
      assessments,
      barriers: barriers.filter((barrier) => barrier.priorityId === priority.id),
      askChanges: askChanges.filter((change) => change.priorityId === priority.id),
      commitments: { milestones: own(committed.milestones), measures: own(committed.measures) },
    });
  }
  const programmeTitle = snapshot.programme?.title ?? 'The programme';
  return buildBoardPack({ quarter, programmeTitle, madeAt: now, priorities, tolerancePercent: ports.tolerancePercent });
}

/**
 * `by` asked for it: a board member (POST /board-packs), the schedule (the service) or an
 * operator (`npm run board-pack`); a pack made is audited as theirs, a pack kept is not.
 */
export async function makeBoardPack(ports: BoardPackPorts, quarter: string, by: Actor, now = new Date()): Promise<BoardPackOutcome> {
  const { mailer } = ports;
  let made = false;
  let head = await ports.packs.head(quarter);
  if (!head) {
    const pack = await build(ports, quarter, now);
    const after = { priorities: pack.head.priorityIds.length, noUpdate: pack.head.noUpdate.length };
    made = await ports.packs.create(pack, newRecordId(), auditEntry('board-pack-made', by, { kind: 'board-pack', id: quarter }, { after }, now));
    // Whether this attempt or a concurrent one completed it, the stored pack is the pack.
    head = await ports.packs.head(quarter);
    if (!head) throw new Error(`The board pack of ${quarter} was not stored`);
  }
  const url = `${mailer.baseUrl}/board-packs/${quarter}`;
  // The link goes out when a pack is made; a later run finishes a failed run's sending, while
  // the delivery records that keep it to once are still there, and never sends it again after.
  const recent = now.getTime() - Date.parse(head.madeAt) < deliveryRecordDays * 86_400_000;
  const board = (await ports.people.list()).filter((person) => person.role === 'board');
  const emails =
    made || recent
      ? await deliverToEach(mailer, `board-pack#${quarter}`, board, (person) =>
          mailer.templates.boardPack({
            person,
            quarter,
            programmeTitle: head.programmeTitle,
            priorities: head.priorityIds.length,
            noUpdate: head.noUpdate.length,
            packUrl: url,
            links: personalLinks(mailer.baseUrl, person),
          }),
        )
      : { sent: 0, skipped: board.length };
  return { quarter, made, url, head, emails };
}
