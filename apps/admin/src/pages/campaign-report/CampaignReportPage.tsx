import { Badge, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useCampaignReport, useExperimentReport, useGeoLiftReport } from '../../api/hooks/campaign-report';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { CsvButton } from './CsvButton';
import { ExperimentSection } from './ExperimentSection';
import { FunnelSection, ReportKpis } from './FunnelSection';
import { GeoLiftSection } from './GeoLiftSection';
import { HoldoutSection } from './HoldoutSection';
import { RecipientsSection } from './RecipientsSection';
import { ReportSection } from './ReportSection';
import type { CampaignReport } from './report-format';

// Charts (recharts) are the heaviest part: loaded after the figures are on screen.
const OverTimeChart = lazy(() => import('./OverTimeChart'));

const STATUS_COLORS: Record<string, string> = { draft: 'gray', active: 'teal', paused: 'yellow', archived: 'dark' };

function ReportHeader({ report }: { report: CampaignReport }) {
  const c = report.campaign;
  const goal = c.goal ? `Goal: ${c.goal.type === 'order' ? 'an order' : `event ${c.goal.eventType}`} within ${c.goal.within}` : 'No goal: orders within the click window count';
  return (
    <Group gap="xs" data-testid="report-header">
      <Badge color={STATUS_COLORS[c.status] ?? 'gray'} variant="light">{c.status}</Badge>
      <Text size="sm">Version {c.version}</Text>
      <Text size="sm">· {report.currency}</Text>
      <Text size="sm" c="dimmed">· {goal}</Text>
    </Group>
  );
}

function Report({ report }: { report: CampaignReport }) {
  const experiment = useExperimentReport(report.campaign.id, report.experiments.length > 0);
  const geoLift = useGeoLiftReport(report.campaign.id);
  const { id, name } = report.campaign;
  return (
    <Stack gap="md" data-testid="campaign-report">
      <ReportHeader report={report} />
      <ReportKpis report={report} />
      <ReportSection title="Over time" description="Per day in your business's time zone" actions={<CsvButton campaignId={id} campaignName={name} table="series" label="the days" />}>
        <Suspense fallback={<Center h={200}><Loader size="sm" role="status" aria-label="Loading charts" /></Center>}>
          <OverTimeChart report={report} />
        </Suspense>
      </ReportSection>
      <FunnelSection report={report} />
      {report.experiments.length > 0 && <ExperimentSection campaignId={id} campaignName={name} query={experiment} />}
      <HoldoutSection report={report} />
      <GeoLiftSection campaignId={id} campaignName={name} query={geoLift} />
      <RecipientsSection campaignId={id} campaignName={name} currency={report.currency} />
    </Stack>
  );
}

/** The campaign's results: funnel, over time, A/B tests, holdout, geo lift (area campaigns) and recipients, every table downloadable as CSV. */
export function CampaignReportPage() {
  const { campaignId } = useParams({ from: '/app/campaigns/$campaignId/report' });
  const report = useCampaignReport(campaignId);
  return (
    <>
      <PageHeader
        title={report.data ? `Report: ${report.data.campaign.name}` : 'Campaign report'}
        description="What the campaign sent, what people did, what it earned and cost, and what it caused."
        actions={<AnchorLink to="/campaigns/$campaignId" params={{ campaignId }}>Back to the campaign</AnchorLink>}
      />
      <QueryState query={report}>{(r) => <Report report={r} />}</QueryState>
    </>
  );
}
