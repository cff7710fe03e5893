/**
 * What the services say to people, as data, and the two ports that turn it into email: the
 * templates (shared/email/content.ts and its views) write each message, the sender (shared/email/sender.ts)
 * sends it. Services decide who hears what; they never build HTML or call SES themselves.
 */
import type { AskStatus } from '#shared/domain/ask';
import type { BarrierStatus, BoardResponse } from '#shared/domain/barrier';
import type { Person } from '#shared/domain/people';
import type { Status } from '#shared/domain/rating';
import type { Barrier, ProgressUpdate } from '#shared/domain/update';

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export interface OutgoingEmail extends EmailContent {
  to: string;
  /** One-click unsubscribe target (RFC 8058). */
  unsubscribeUrl: string;
  /** SES message tags, which its events carry back: the delivery tag (shared/domain/delivery.ts). */
  tags?: Record<string, string>;
}

export interface EmailSender {
  /** Sends one email; resolves to the provider's message id. Rejects with `SendOutcomeUnknown` when the provider may have sent it. */
  send(email: OutgoingEmail): Promise<string>;
}

export interface Links {
  /** The person's preferences page (also the unsubscribe link). */
  preferences: string;
}

/** A delivery lead's or board member's own rating of a priority, beside the sponsor's. */
export interface IndependentRating {
  status: Status;
  /** Who made it: "Ann Lee (delivery lead)". */
  by: string;
  period: string;
  rationale: string;
  /** Far enough from the sponsor's rating for the board to be told. */
  divergent: boolean;
}

export interface PortfolioRow {
  priorityId: string;
  title: string;
  status: Status | null;
  /** Since the last digest: e.g. "worse (was amber)", "no change", "first rating". */
  change: string;
  daysSinceUpdate: number | null;
  /** The latest independent assessment, when there is one. */
  independent?: IndependentRating;
}

/**
 * The portfolio in a sponsor's or delivery lead's digest: every row of a small programme; for a
 * larger one, how many priorities are at each status and those whose status changed since the
 * last digest (`more` of them left out), with the dashboard for the rest.
 */
export type DigestPortfolio =
  | { kind: 'whole'; rows: readonly PortfolioRow[] }
  | {
      kind: 'bounded';
      priorities: number;
      counts: readonly { status: Status | null; priorities: number }[];
      changed: readonly PortfolioRow[];
      more: number;
      dashboardUrl: string;
    };

export interface UpdateNotification {
  person: Person;
  priorityTitle: string;
  update: ProgressUpdate;
  previousStatus: Status | null;
  priorityUrl: string;
  links: Links;
}

export interface PriorityDigest {
  person: Person;
  period: string;
  portfolio: DigestPortfolio;
  own: { title: string; status: Status | null; openBarriers: readonly Barrier[]; independent?: IndependentRating };
  /** A delivery lead's personal link to record their own rating. */
  assessUrl?: string;
  postUpdateUrl: string;
  linkExpiresAt: string;
  links: Links;
}

/** A barrier that asks the board for support, as the board's digest lists it. */
export interface BoardAsk {
  title: string;
  description: string;
  ageDays: number;
  owner?: string;
  status: BarrierStatus;
  responses: number;
}

/** An ask of government as the board's digest names it: where it stands now. */
export interface MovedAsk {
  title: string;
  priorityTitle: string;
  status: AskStatus;
  securedGbp?: number;
  url: string;
}

/** A milestone late since the last digest (`late`), or made to slip since (`slippage` working days past its baseline). */
interface DigestMilestone {
  title: string;
  priorityId: string;
  priorityTitle: string;
  late: boolean;
  slippage: number;
}

export interface BoardDigest {
  person: Person;
  period: string;
  rows: readonly PortfolioRow[];
  missing: readonly { title: string; daysSinceUpdate: number | null }[];
  /** Oldest first. */
  boardAsks: readonly BoardAsk[];
  /** The asks of government that moved since the last digest, latest first. */
  movedAsks?: readonly MovedAsk[];
  /** Milestones late since the last digest, or made to slip since. */
  milestones?: readonly DigestMilestone[];
  /** The board member's personal link to the barriers page, where they respond. */
  barriersUrl: string;
  linkExpiresAt: string;
  /** Priorities whose independent rating diverges from the sponsor's. */
  divergent?: readonly { title: string; status: Status | null; period: string | null; independent: IndependentRating }[];
  dashboardUrl: string;
  links: Links;
}

/** To a priority's sponsor and delivery lead: the board has responded to one of its barriers. */
export interface BoardResponseNotice {
  person: Person;
  priorityTitle: string;
  response: BoardResponse;
  priorityUrl: string;
  links: Links;
}

export interface Reminder {
  person: Person;
  title: string;
  period: string;
  daysSinceUpdate: number | null;
  postUpdateUrl: string;
  linkExpiresAt: string;
  /** The priority's milestones late or slipping since the last digest, to report on in the update. */
  milestones?: readonly DigestMilestone[];
  links: Links;
}

/** To a board member: a priority still has no update for a period, the set number of working days after its deadline. */
export interface EscalationNotice {
  person: Person;
  title: string;
  period: string;
  /** The period's deadline, `YYYY-MM-DD`. */
  deadline: string;
  workingDaysLate: number;
  daysSinceUpdate: number | null;
  missedUpdatesUrl: string;
  links: Links;
}

/** To a board member: a quarter's board pack has been made. */
export interface BoardPackNotice {
  person: Person;
  quarter: string;
  programmeTitle: string;
  priorities: number;
  /** How many priorities had no update in the quarter. */
  noUpdate: number;
  packUrl: string;
  links: Links;
}

export interface EmailTemplates {
  updateNotification(message: UpdateNotification): EmailContent;
  priorityDigest(message: PriorityDigest): EmailContent;
  boardDigest(message: BoardDigest): EmailContent;
  reminder(message: Reminder): EmailContent;
  escalation(message: EscalationNotice): EmailContent;
  boardResponse(message: BoardResponseNotice): EmailContent;
  boardPack(message: BoardPackNotice): EmailContent;
}
