/**
 * Key builders for the single-table design. Everything a dashboard reads at once (programme,
 * priority profiles, summaries, portfolio) shares the PROGRAMME partition, so one Query
 * serves it; each priority's updates have a partition of their own, sorted by time.
 *
 * The keys of every entity are described in docs/data-model.md.
 */
import type { CommitmentKind } from '#shared/domain/commitment';

const entities = [
  'programme',
  'priority',
  'summary',
  'update',
  'credential',
  'person',
  'person-credential',
  'delivery',
  'digest',
  'escalation',
  'session',
  'idempotency',
  'correction',
  'barrier',
  'board-response',
  'assessment',
  'board-pack',
  'audit',
  'failing-address',
  'ask',
  'milestone',
  'measure',
  'commitment-change',
] as const;
export type Entity = (typeof entities)[number];

export interface Key {
  pk: string;
  sk: string;
}

const programmePk = 'PROGRAMME';

export const keys = {
  programmePartition: programmePk,
  programme: (): Key => ({ pk: programmePk, sk: 'PROGRAMME' }),
  priority: (priorityId: string): Key => ({ pk: programmePk, sk: `PRIORITY#${priorityId}` }),
  summary: (priorityId: string): Key => ({ pk: programmePk, sk: `SUMMARY#${priorityId}` }),
  summaryPrefix: 'SUMMARY#',
  updatePartition: (priorityId: string): string => `PRIORITY#${priorityId}`,
  updatePrefix: 'UPDATE#',
  update: (priorityId: string, updateId: string): Key => ({ pk: `PRIORITY#${priorityId}`, sk: `UPDATE#${updateId}` }),
  idempotency: (priorityId: string, keyHash: string): Key => ({ pk: `PRIORITY#${priorityId}`, sk: `IDEMPOTENCY#${keyHash}` }),
  /** The mark that an update was corrected, written with the correction: at most one per update, and the original's page finds it with one read. */
  correction: (priorityId: string, updateId: string): Key => ({ pk: `PRIORITY#${priorityId}`, sk: `CORRECTION#${updateId}` }),
  correctionPrefix: 'CORRECTION#',
  credential: (tokenId: string): Key => ({ pk: `TOKEN#${tokenId}`, sk: 'TOKEN' }),
  peoplePartition: 'PEOPLE',
  person: (personId: string): Key => ({ pk: 'PEOPLE', sk: `PERSON#${personId}` }),
  /**
   * A person's credentials, one small item each, written with the credential: their removal
   * finds every one with one Query. A partition per person, so issuing a link writes no PEOPLE item.
   */
  personCredentialPartition: (personId: string): string => `PERSON#${personId}`,
  personCredential: (personId: string, tokenId: string): Key => ({ pk: `PERSON#${personId}`, sk: `TOKEN#${tokenId}` }),
  /** One delivery record per batch of an event's emails: `update#<id>` to `*` (everyone told), `digest#<run>` to one address. */
  delivery: (event: string, batch: string): Key => ({ pk: `OUTBOX#${event}`, sk: `TO#${batch}` }),
  outbox: (event: string): string => `OUTBOX#${event}`,
  batchOfDelivery: (sk: string): string => sk.slice('TO#'.length),
  lastDigest: (): Key => ({ pk: 'DIGEST', sk: 'LAST' }),
  /** Addresses SES reported as bounced or complained of, one item each, keyed by the address's hash. */
  failingAddressPartition: 'FAILING',
  failingAddress: (addressHash: string): Key => ({ pk: 'FAILING', sk: `ADDRESS#${addressHash}` }),
  /** A period's escalations, one per priority, in a partition of their own that the missed-updates page may read. */
  escalationPartition: (period: string): string => `ESCALATION#${period}`,
  escalation: (period: string, priorityId: string): Key => ({ pk: `ESCALATION#${period}`, sk: `PRIORITY#${priorityId}` }),
  session: (sessionHash: string): Key => ({ pk: `SESSION#${sessionHash}`, sk: 'SESSION' }),
  /**
   * The barrier log: every priority's barriers in one partition, so the board's page and the
   * dashboard read all open asks with one Query. A barrier's responses sort right after it.
   */
  barrierPartition: 'BARRIERS',
  barrierPrefix: (priorityId?: string): string => (priorityId === undefined ? 'BARRIER#' : `BARRIER#${priorityId}#`),
  barrier: (priorityId: string, barrierId: string): Key => ({ pk: 'BARRIERS', sk: `BARRIER#${priorityId}#${barrierId}` }),
  boardResponse: (priorityId: string, barrierId: string, responseId: string): Key => ({
    pk: 'BARRIERS',
    sk: `BARRIER#${priorityId}#${barrierId}#RESPONSE#${responseId}`,
  }),
  /**
   * An independent assessment for one period by one assessor role. Its partition is not the
   * updates': IAM holds writes to partitions, and only the write path may write an update.
   */
  assessmentPartition: (priorityId: string): string => `ASSESSMENT#${priorityId}`,
  assessment: (priorityId: string, period: string, role: string): Key => ({ pk: `ASSESSMENT#${priorityId}`, sk: `ASSESSMENT#${period}#${role}` }),
  /** The latest independent assessment of a priority, in the PROGRAMME partition so every dashboard read has it. */
  currentAssessment: (priorityId: string): Key => ({ pk: programmePk, sk: `ASSESSMENT#${priorityId}` }),
  /** A quarter's board pack: its items, written once and never changed. */
  boardPackPartition: (quarter: string): string => `BOARDPACK#${quarter}`,
  /** The item that completes a quarter's pack: written last, with the listing, and naming the parts it is made of. */
  boardPackHead: (quarter: string): Key => ({ pk: `BOARDPACK#${quarter}`, sk: 'PACK' }),
  /** A pack's parts, under the id of the attempt that wrote them, so an unfinished attempt's parts are never read. */
  boardPackPartPrefix: (packId: string): string => `PART#${packId}#`,
  boardPackPriority: (quarter: string, packId: string, priorityId: string): Key => ({
    pk: `BOARDPACK#${quarter}`,
    sk: `PART#${packId}#PRIORITY#${priorityId}`,
  }),
  boardPackUpdate: (quarter: string, packId: string, priorityId: string, updateId: string): Key => ({
    pk: `BOARDPACK#${quarter}`,
    sk: `PART#${packId}#PRIORITY#${priorityId}#UPDATE#${updateId}`,
  }),
  /** The list of packs made: one small item per quarter, written with the pack's head. */
  boardPackListPartition: 'BOARDPACKS',
  boardPackListing: (quarter: string): Key => ({ pk: 'BOARDPACKS', sk: `QUARTER#${quarter}` }),
  /** The audit log, a partition a month (`AUDIT#YYYY-MM`), each entry sorted by its time. */
  auditPartition: (month: string): string => `AUDIT#${month}`,
  audit: (at: string, auditId: string): Key => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `AT#${at}#${auditId}` }),
  /**
   * The current state of every ask, milestone and measure, small items in one partition: the
   * dashboard, the asks page and a priority page each read them with one Query.
   */
  commitmentsPartition: 'COMMITMENTS',
  commitmentPrefix: (priorityId?: string): string => (priorityId === undefined ? 'PRIORITY#' : `PRIORITY#${priorityId}#`),
  ask: (priorityId: string, askId: string): Key => ({ pk: 'COMMITMENTS', sk: `PRIORITY#${priorityId}#ASK#${askId}` }),
  milestone: (priorityId: string, milestoneId: string): Key => ({ pk: 'COMMITMENTS', sk: `PRIORITY#${priorityId}#MILESTONE#${milestoneId}` }),
  measure: (priorityId: string, measureId: string): Key => ({ pk: 'COMMITMENTS', sk: `PRIORITY#${priorityId}#MEASURE#${measureId}` }),
  /** Their dated history: one entry per change, with the whole state after it, sorted by time within each commitment. */
  commitmentLogPartition: 'COMMITMENTLOG',
  commitmentChange: (priorityId: string, kind: CommitmentKind, id: string, at: string, changeId: string): Key => ({
    pk: 'COMMITMENTLOG',
    sk: `PRIORITY#${priorityId}#${kind}#${id}#AT#${at}#${changeId}`,
  }),
  commitmentHistoryPrefix: (priorityId: string, kind: CommitmentKind, id: string): string => `PRIORITY#${priorityId}#${kind}#${id}#AT#`,
};
