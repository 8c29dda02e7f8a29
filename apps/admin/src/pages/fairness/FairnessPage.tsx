import { Badge, Button, Group, Paper, Select, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useMemo, useState } from 'react';
import { useCampaigns } from '../../api/hooks/campaigns';
import { type FairnessParams, useFairness, useFairnessCsv } from '../../api/hooks/fairness';
import { type Store, useStores } from '../../api/hooks/locations';
import { saveBlob } from '../../components/download';
import { formatCount, formatDateTime } from '../../components/formatting';
import { LazyFairnessMap } from '../../components/map/LazyFairnessMap';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { PERIOD_PRESETS, presetPeriod } from '../dashboard/dashboard-figures';
import {
  areaTooltip, colorOf, defaultMeasure, type FairnessGroup, formatGroundSide, groundSideMeters, type FairnessMeasure, type FairnessReport, flaggedSentence, formatP, keepUnits, formatRatio, formatShare, legendCounts, mapBounds, MEASURES, shapeOf,
} from './fairness-figures';

const NOWRAP = { whiteSpace: 'nowrap' } as const;
const CELL_SIZES = [{ value: '500', label: '500 m' }, { value: '1000', label: '1 km' }, { value: '2000', label: '2 km' }, { value: '5000', label: '5 km' }];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb="xs">{title}</Title>
      {children}
    </Paper>
  );
}

function Legend({ report, measure }: { report: FairnessReport; measure: FairnessMeasure }) {
  return (
    <Stack gap={4} aria-label="Legend" role="group">
      <Text size="xs" fw={600}>Reach ratio: share of those {MEASURES.find((m) => m.value === measure)!.noun} ÷ share of eligible customers</Text>
      <Group gap="sm">
        {legendCounts(report.areas.filter((a) => shapeOf(a) !== null), measure).map((l) => (
          <Group key={l.key} gap={4} wrap="nowrap">
            <span aria-hidden="true" style={{ display: 'inline-block', width: 14, height: 14, background: l.color, border: '1px solid #495057' }} />
            <Text size="xs">{l.label} ({l.count})</Text>
          </Group>
        ))}
        <Group gap={4} wrap="nowrap">
          <span aria-hidden="true" style={{ display: 'inline-block', width: 14, height: 14, border: '3px dashed #212529' }} />
          <Text size="xs">reached significantly less (Holm-adjusted p &lt; {report.alpha})</Text>
        </Group>
      </Group>
    </Stack>
  );
}

function GroupTable({ label, groups, measure, first }: { label: string; groups: FairnessGroup[]; measure: FairnessMeasure; first: string }) {
  const noun = MEASURES.find((m) => m.value === measure)!.noun;
  return (
    <ScrollTable label={label} minWidth={640}>
      <Table.Thead>
        <Table.Tr>
          {/* Figures' headings on one line: the table scrolls sideways on a phone rather than stacking "Share / of / eligible". */}
          <Table.Th>{first}</Table.Th><Table.Th ta="right" style={NOWRAP}>Eligible</Table.Th><Table.Th ta="right" style={NOWRAP}>Share of eligible</Table.Th>
          <Table.Th ta="right" style={NOWRAP}>{noun[0].toUpperCase() + noun.slice(1)}</Table.Th><Table.Th ta="right" style={NOWRAP}>Share</Table.Th><Table.Th ta="right" style={NOWRAP}>Ratio</Table.Th><Table.Th ta="right" style={NOWRAP}>Adjusted p</Table.Th><Table.Th>Flag</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {groups.map((g) => (
          <Table.Tr key={g.key}>
            {/* Area names are a few words ("760 m square 2.4 km E of Elm Street"): they wrap, the figures do not. */}
            <Table.Td miw={190} maw={{ base: 240, sm: 400 }}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                <span aria-hidden="true" style={{ display: 'inline-block', flex: 'none', width: 10, height: 10, marginTop: 5, background: colorOf(g[measure].ratio), border: '1px solid #495057' }} />
                <span>{keepUnits(g.label)}{g.kind === 'other' ? ` (${g.groups} merged)` : ''}</span>
              </Group>
            </Table.Td>
            <Table.Td ta="right">{formatCount(g.eligible)}</Table.Td><Table.Td ta="right">{formatShare(g.eligibleShare)}</Table.Td>
            <Table.Td ta="right">{formatCount(g[measure].customers)}</Table.Td><Table.Td ta="right">{formatShare(g[measure].share)}</Table.Td>
            <Table.Td ta="right">{formatRatio(g[measure].ratio)}</Table.Td><Table.Td ta="right">{formatP(g[measure].adjustedPValue)}</Table.Td>
            <Table.Td>{g[measure].flagged ? <Badge color="red" variant="light">Reached less</Badge> : null}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

function Report({ report, measure, stores }: { report: FairnessReport; measure: FairnessMeasure; stores: Store[] }) {
  const drawable = report.areas.flatMap((a) => {
    const shape = shapeOf(a);
    return shape ? [{ key: a.key, label: areaTooltip(a, measure, formatCount), color: colorOf(a[measure].ratio), flagged: a[measure].flagged, shape }] : [];
  });
  const bounds = mapBounds(report.areas, stores);
  // The grid is sized in map (Web-Mercator) metres; what a square measures on the ground is what the owner knows.
  const side = groundSideMeters(report);
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        {report.campaign ? report.campaign.name : 'All campaigns'} · {formatDateTime(report.period.from)} – {formatDateTime(report.period.to)} ·{' '}
        {formatCount(report.totals.eligible)} eligible customers ·{' '}
        {side !== null && <span data-testid="fairness-ground-side">grid squares {formatGroundSide(side)} wide on the ground here · </span>}
        areas and bands under {report.minCustomers} are merged into “other”
      </Text>
      <Text size="sm" role="status" data-testid="fairness-summary">{flaggedSentence(report, measure)}</Text>
      <Section title="Map">
        {drawable.length === 0
          ? <Text size="sm" c="dimmed">No area to draw: customers have no location, or every area is under the minimum size.</Text>
          : <LazyFairnessMap label="Areas coloured by reach ratio" areas={drawable} stores={stores} bounds={bounds} height={420} />}
        <Stack mt="xs"><Legend report={report} measure={measure} /></Stack>
      </Section>
      <Section title="Areas"><GroupTable label="Areas" groups={report.areas} measure={measure} first="Area" /></Section>
      <Section title="Age bands"><GroupTable label="Age bands" groups={report.ageBands} measure={measure} first="Age band" /></Section>
      <Text size="xs" c="dimmed">How flags are decided: {report.test}.</Text>
    </Stack>
  );
}

/** Fairness: whether offers and messages reach every neighbourhood and age in proportion to who could get them. */
export function FairnessPage() {
  const [days, setDays] = useState<string>('30');
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [area, setArea] = useState<'grid' | 'postal'>('grid');
  const [cellSize, setCellSize] = useState<string>('1000');
  const [chosen, setChosen] = useState<FairnessMeasure | null>(null);
  const period = useMemo(() => presetPeriod(Number(days), new Date()), [days]);
  const campaigns = useCampaigns();
  // Landmarks on the map; the report names areas after the same stores. Without them the areas are still drawn.
  const stores = useStores();
  const params: FairnessParams = { campaignId: campaignId ?? undefined, ...period, area, cellSize: Number(cellSize) };
  const report = useFairness(params);
  const csv = useFairnessCsv();
  const options = [{ value: '', label: 'All campaigns' }, ...(campaigns.data?.pages.flatMap((p) => p.items) ?? []).map((c) => ({ value: c.id, label: c.name }))];
  const measure = chosen ?? (report.data ? defaultMeasure(report.data) : 'offers');
  return (
    <>
      <PageHeader
        title="Fairness"
        description="Who your campaigns reach: each area's and age band's share of enrolments, messages and offers against its share of the customers you may contact."
        actions={<Button size="xs" variant="default" loading={csv.isPending} aria-label="Download the fairness report as CSV" onClick={() => csv.mutate(params, { onSuccess: (blob) => saveBlob(blob, 'fairness.csv') })}>CSV</Button>}
      />
      <Group gap="sm" mb="sm" align="flex-end">
        <Select label="Campaign" data={options} value={campaignId ?? ''} onChange={(v) => setCampaignId(v ? v : null)} allowDeselect={false} w={240} size="xs" />
        <Stack gap={2}><Text size="xs" fw={500} id="fairness-period">Period: the last</Text><SegmentedControl aria-labelledby="fairness-period" value={days} onChange={setDays} data={PERIOD_PRESETS.map((p) => ({ ...p }))} size="xs" /></Stack>
        <Stack gap={2}><Text size="xs" fw={500} id="fairness-areas">Areas</Text><SegmentedControl aria-labelledby="fairness-areas" value={area} onChange={(v) => setArea(v as 'grid' | 'postal')} data={[{ value: 'grid', label: 'Grid' }, { value: 'postal', label: 'Postal codes' }]} size="xs" /></Stack>
        {area === 'grid' && <Select label="Map grid" data={CELL_SIZES} value={cellSize} onChange={(v) => setCellSize(v ?? '1000')} allowDeselect={false} w={110} size="xs" />}
        <Stack gap={2}><Text size="xs" fw={500} id="fairness-measure">Colour by</Text><SegmentedControl aria-labelledby="fairness-measure" value={measure} onChange={(v) => setChosen(v as FairnessMeasure)} data={MEASURES.map((m) => ({ value: m.value, label: m.label }))} size="xs" /></Stack>
      </Group>
      <QueryState query={report}>
        {(r) => <div data-testid="fairness" aria-busy={report.isFetching}><Report report={r} measure={measure} stores={stores.data ?? []} /></div>}
      </QueryState>
    </>
  );
}
