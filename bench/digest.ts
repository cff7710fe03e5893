/**
 * Digest: reads and time of the weekly digest for 7, 70 and 700 priorities with 10,000 updates
 * in the table (goal: linear in priorities, flat in updates). Not measured yet: the row says so
 * rather than inventing figures, and says whether the digest function exists at all.
 *
 * To measure it, follow cost-per-update.ts: seed a programme of N priorities (the fixture's
 * histories map, with 10,000 updates between them), install a CapacityMeter on the shared client,
 * invoke the `digest` handler through infra/local/lambda.ts with a scheduler event, and report
 * reads (RCU) and time per N, with the 7-priority run as the baseline of each ratio.
 */
import { functions } from '../shared/functions.ts';
import type { SectionResult } from './lib/report.ts';

export const digestPlan = { priorities: [7, 70, 700], updatesInTable: 10_000 } as const;

export function measureDigest(): SectionResult {
  const exists = 'digest' in functions;
  const reason = exists ? 'not measured: bench/digest.ts does not measure the digest function yet' : 'not measured: no digest function yet';
  const section = 'Digest: reads and time for 7 / 70 / 700 priorities, 10,000 updates in the table';
  return {
    rows: [
      {
        section,
        figure: `${digestPlan.priorities.join(' / ')} priorities`,
        value: null,
        unit: '',
        text: reason,
        goal: 'linear in priorities, flat in updates',
        met: null,
      },
    ],
    notes: [exists ? 'A digest function exists in shared/functions.ts; add its measurement in bench/digest.ts.' : 'The digest function comes with a later issue; this row fills in when it does.'],
    details: { measured: false, reason, plan: digestPlan },
  };
}
