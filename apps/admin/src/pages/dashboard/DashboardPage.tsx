import { Center, Loader, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useChurnRisk, useOverview } from '../../api/hooks/reports';
import { formatDateTime } from '../../components/formatting';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ByChannel, ByStore, ChurnRisk, CohortHeatmap, NewAndReturning, TopCampaigns } from './DashboardTables';
import { KpiCards } from './KpiCards';
import { PERIOD_PRESETS, presetPeriod } from './dashboard-figures';

// Charts (recharts) are the heaviest part: loaded after the figures are on screen.
const OverTimeCharts = lazy(() => import('./OverTimeCharts'));

export function DashboardPage() {
  const [days, setDays] = useState<string>('30');
  // The period is fixed when chosen, so refetches ask for the same one.
  const period = useMemo(() => presetPeriod(Number(days), new Date()), [days]);
  const overview = useOverview(period);
  const churn = useChurnRisk(period.to, 10, overview.isSuccess);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="What your shops took in, what campaigns earned and cost, compared with the period before."
        actions={<SegmentedControl aria-label="Period: the last" value={days} onChange={setDays} data={PERIOD_PRESETS.map((p) => ({ ...p }))} size="xs" />}
      />
      <QueryState query={overview}>
        {(o) => (
          <Stack gap="sm" data-testid="dashboard" aria-busy={overview.isFetching}>
            <Text size="xs" c="dimmed">
              {formatDateTime(o.period.from)} – {formatDateTime(o.period.to)}, compared with {formatDateTime(o.previous.period.from)} – {formatDateTime(o.previous.period.to)}
            </Text>
            <KpiCards overview={o} />
            <Suspense fallback={<Center h={260}><Loader size="sm" role="status" aria-label="Loading charts" /></Center>}>
              <OverTimeCharts overview={o} />
            </Suspense>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
              <TopCampaigns overview={o} />
              <ByChannel overview={o} />
            </SimpleGrid>
            {/* Full width: spend, ROI and incremental ROI per store need the room. */}
            <ByStore overview={o} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
              <NewAndReturning overview={o} />
              <CohortHeatmap overview={o} />
              <ChurnRisk churn={churn} />
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
