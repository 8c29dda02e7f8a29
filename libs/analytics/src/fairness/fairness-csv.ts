import { toCsv } from '../reports/report-csv';
import type { FairnessGroup } from './fairness-assembly';
import type { FairnessReport } from './fairness.service';

/** One line per area, then per age band: eligible customers and share, each measure's customers, share, ratio and adjusted p-value, the flag. */
export function fairnessCsv(report: FairnessReport): string {
  const line = (section: string, g: FairnessGroup) => [
    section, g.key, g.label, g.groups, g.eligible, g.eligibleShare,
    ...(['enrolments', 'messages', 'offers'] as const).flatMap((m) => [g[m].customers, g[m].share, g[m].ratio, g[m].adjustedPValue]),
    g.messagesSent, g.offersSent, g.flagged,
  ];
  return toCsv(
    ['section', 'key', 'label', 'groups', 'eligible', 'eligible_share',
      'enrolled', 'enrolled_share', 'enrolled_ratio', 'enrolled_adjusted_p',
      'messaged', 'messaged_share', 'messaged_ratio', 'messaged_adjusted_p',
      'offered', 'offered_share', 'offered_ratio', 'offered_adjusted_p',
      'messages_sent', 'offers_sent', 'flagged'],
    [...report.areas.map((g) => line('area', g)), ...report.ageBands.map((g) => line('age', g))],
  );
}
