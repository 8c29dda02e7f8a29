/** `npm run bench [-- name…]`: runs the benchmarks one after another and prints their tables. */
import { run as runCampaigns } from './campaign-delivery.bench';
import { run as runImport } from './customer-import.bench';
import { run as runUpsert } from './customer-upsert.bench';
import { run as runSearch } from './customer-search.bench';
import { run as runReports } from './reports.bench';
import { run as runFairness } from './reports/fairness.bench';
import { run as runGeoLift } from './geo-lift.bench';
import { run as runSegments } from './segment-query.bench';
import { run as runTracking } from './tracking.bench';
import { run as runTimeline } from './customer-timeline.bench';
import { run as runAdmin } from './admin.bench';
import { run as runMixed } from './mixed-traffic.bench';
import { run as runIngest } from './ingest-broadcast.bench';
import { run as runAudit } from './audit-log.bench';
import { run as runRetention } from './retention.bench';
import { run as runMetrics } from './metrics-scrape.bench';

const BENCHES: Record<string, () => Promise<string>> = {
  import: runImport,
  upsert: runUpsert,
  search: () => runSearch(),
  segments: () => runSegments(),
  campaigns: runCampaigns,
  tracking: runTracking,
  reports: runReports,
  fairness: runFairness,
  'geo-lift': runGeoLift,
  timeline: runTimeline,
  admin: () => runAdmin(),
  mixed: () => runMixed(),
  ingest: () => runIngest(),
  audit: runAudit,
  retention: () => runRetention(),
  metrics: runMetrics,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHES).join(', ')}`);
    console.log(`\n## ${name}\n`);
    console.log(await bench());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
