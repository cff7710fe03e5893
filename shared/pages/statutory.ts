/** The statutory pages: the accessibility statement, the privacy notice and the cookies page, from the organisation's settings and the periods the code keeps things for. */
import * as views from '#compiled-views/pages';
import { defaultTokenDays } from '#shared/domain/credential';
import { auditRecordDays, credentialDaysAfterExpiry, deliveryRecordDays, failingAddressDays, pointInTimeRecoveryDays } from '#shared/domain/retention';
import { sessionCookie, sessionHours } from '#shared/domain/session';
import { renderPage } from '#shared/pages/render';

/** Who runs the service, whom to contact, and the retention the stage sets: from the statutory pages' settings. */
export interface Organisation {
  name: string;
  dataProtectionEmail: string;
  accessibilityEmail: string;
  logRetentionDays: number;
  linkTokenDays: number;
}

/** When the accessibility statement was prepared and last reviewed; a review of the statement updates `reviewed`. */
const accessibilityStatementDates = { prepared: '2026-12-01', reviewed: '2026-12-01' } as const;

const days = (count: number): string => (count === 1 ? '1 day' : `${count} days`);
const hours = (count: number): string => (count === 1 ? '1 hour' : `${count} hours`);

export function accessibilityPage(nonce: string, organisation: Organisation): string {
  return renderPage(views.accessibility, { cspNonce: nonce, organisation, statement: accessibilityStatementDates });
}

/** The privacy notice: each period from the constant or setting the code keeps it by. */
export function privacyPage(nonce: string, organisation: Organisation): string {
  const retention: [string, string][] = [
    ['People who receive emails', 'Until an operator removes them from the programme, for example when they leave their role'],
    [
      'Progress updates, the barrier log and board responses',
      'For as long as the service runs: they are the programme’s record, and the service never deletes them',
    ],
    ['Independent assessments', 'For as long as the service runs; a later assessment by the same role for the same period replaces the earlier one'],
    ['Sessions', `Until the session ends, after ${hours(sessionHours)} at most, or you sign out`],
    [
      'Personal links and tokens',
      `A personal link works for ${days(organisation.linkTokenDays)}, a token an operator issues for ${days(defaultTokenDays)} unless they set another time; each is kept ${days(credentialDaysAfterExpiry)} after it expires`,
    ],
    ['Delivery records', days(deliveryRecordDays)],
    ['The audit log', `${days(auditRecordDays)} (${Math.floor(auditRecordDays / 365)} years) after each act, then deleted`],
    ['Bounces and complaints reported for an address', `${days(failingAddressDays)} after the latest report`],
    ['Logs', days(organisation.logRetentionDays)],
  ];
  return renderPage(views.privacy, {
    cspNonce: nonce,
    organisation,
    retention: retention.map(([record, kept]) => [{ text: record }, { text: kept }]),
    backupDays: pointInTimeRecoveryDays,
  });
}

export function cookiesPage(nonce: string): string {
  return renderPage(views.cookies, { cspNonce: nonce, cookie: { name: sessionCookie, hours: sessionHours } });
}
