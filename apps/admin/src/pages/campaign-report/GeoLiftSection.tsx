import { Alert, List, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { formatMoney } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { CsvButton } from './CsvButton';
import { type GeoLiftReport, isNotAreaCampaign, readGeoLift } from './geo-lift-reading';
import { ReportSection } from './ReportSection';
import { formatInterval } from './report-format';

const TONES = { 'too-small': 'gray', unclear: 'yellow', positive: 'teal', negative: 'red' } as const;

function GeoLiftBody({ report }: { report: GeoLiftReport }) {
  const reading = readGeoLift(report);
  const money = (n: number) => formatMoney(n, report.currency);
  const count = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(n);
  const rows = [
    { label: 'Incremental orders', f: report.incrementalOrders, fmt: count },
    { label: 'Incremental revenue', f: report.incrementalRevenue, fmt: money },
  ];
  return (
    <>
      <Alert color={TONES[reading.tone]} variant="light" mb="sm" data-testid="geo-lift-sentence">{reading.sentence}</Alert>
      {report.status === 'estimated' && (
        <ScrollTable label="Geo lift figures" minWidth={520} fz="sm">
          <Table.Thead>
            <Table.Tr><Table.Th>Figure</Table.Th><Table.Th ta="right">Estimate</Table.Th><Table.Th ta="right">95% range</Table.Th><Table.Th ta="right">Per customer in the area</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ label, f, fmt }) => (
              <Table.Tr key={label}>
                <Table.Th scope="row">{label}</Table.Th>
                <Table.Td ta="right">{f ? fmt(f.estimate) : '—'}</Table.Td>
                <Table.Td ta="right">{f ? formatInterval(f.low, f.high, fmt) : '—'}</Table.Td>
                <Table.Td ta="right">{f ? (label === 'Incremental revenue' ? formatMoney(f.perCustomer, report.currency) : count(f.perCustomer)) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      <Text size="sm" mt="sm" data-testid="geo-lift-comparison"><Text span fw={600}>Compared: </Text>{reading.comparison}</Text>
      {reading.preTrend && (
        <Alert color={reading.preTrend.ok ? 'gray' : 'orange'} variant="light" mt="sm" title="Before the campaign" data-testid="geo-lift-pretrend">{reading.preTrend.sentence}</Alert>
      )}
      {report.caveats.length > 0 && (
        <List size="xs" c="dimmed" mt="sm" data-testid="geo-lift-caveats">{report.caveats.map((c) => <List.Item key={c}>{c}</List.Item>)}</List>
      )}
    </>
  );
}

/**
 * Lift without a control group, for campaigns aimed at an area: customers living in it against
 * customers around the other stores (GET …/geo-lift). Left out for campaigns that are not.
 */
export function GeoLiftSection({ campaignId, campaignName, query }: { campaignId: string; campaignName: string; query: UseQueryResult<GeoLiftReport> }) {
  // Nothing while asking, so the page does not flash a section most campaigns do not have.
  if (query.isPending || (query.isError && isNotAreaCampaign(query.error))) return null;
  return (
    <ReportSection title="Geo lift: what the campaign caused in its area" testId="geo-lift"
      description="No control group: customers living in the area against similar customers around your other stores, before and after the start (difference in differences). Ranges are 95% intervals."
      actions={query.data ? <CsvButton campaignId={campaignId} campaignName={campaignName} table="geo-lift" label="the geo lift" /> : undefined}>
      <QueryState query={query}>{(r) => <GeoLiftBody report={r} />}</QueryState>
    </ReportSection>
  );
}
