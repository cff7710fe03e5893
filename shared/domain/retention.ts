/**
 * How long the service keeps the records it deletes on its own (DynamoDB's time to live sets
 * each item's deletion) and its backups. The data layer and the stacks use these, and the
 * privacy notice states them, so what the notice says is what the code does.
 */

/** Delivery records (which addresses were sent each email, by SES message id): long enough to send each email once through any retry or replay. */
export const deliveryRecordDays = 30;

/**
 * Escalation records (which priorities the board was told about for a period; no personal
 * data): longer than the period after the escalated one lasts (a quarter at most), since a
 * period is looked at until the next one ends, so a recorded escalation is never sent again.
 */
export const escalationRecordDays = 400;

/** What SES reported of an address (a bounce or a complaint): a year after the latest report, so a mailbox that recovers is tried again. */
export const failingAddressDays = 365;

/** A token's record is kept this long past its expiry, so a late user is told "expired" rather than "invalid". */
export const credentialDaysAfterExpiry = 7;

/** The table's point-in-time recovery window: a deleted or changed item can be restored for this long. */
export const pointInTimeRecoveryDays = 35;

/**
 * Audit records (who issued or revoked a credential, changed the people, answered for the board,
 * assessed a priority or made a board pack): kept six years, the limitation period for claims
 * arising from a public body's decisions, then deleted.
 */
export const auditRecordDays = 6 * 366;
