import { SimpleGrid, Paper, Table, Text } from '@mantine/core';
import { formatCount, formatMoney } from '../../components/formatting';
import { ScrollTable } from '../../components/ScrollTable';
import { conversionDefinitionText } from './conversion-definition';
import { CsvButton } from './CsvButton';
import { ReportSection } from './ReportSection';
import { type CampaignReport, FUNNEL_COLUMNS, type FunnelRow, formatPercent, funnelGroups, funnelLabel, share } from './report-format';

/** The campaign's headline figures (its funnel line). */
export function ReportKpis({ report }: { report: CampaignReport }) {
  const total = funnelGroups(report.funnel).campaign;
  if (!total) return null;
  const money = (n: number) => formatMoney(n, report.currency);
  const kpis = [
    { key: 'enrolled', label: 'Enrolled', value: formatCount(total.enrolled ?? 0) },
    { key: 'sent', label: 'Sent', value: formatCount(total.sent) },
    { key: 'converted', label: 'Conversions', value: formatCount(total.converted) },
    { key: 'revenue', label: 'Revenue', value: money(total.revenue) },
    { key: 'spend', label: 'Spend', value: money(total.cost) },
    { key: 'roi', label: 'ROI (last touch)', value: formatPercent(total.roi, undefined, 0) },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      {kpis.map((k) => (
        <Paper key={k.key} withBorder p="sm" data-testid={`kpi-${k.key}`}>
          <Text size="xs" c="dimmed">{k.label}</Text>
          <Text fw={700} size="lg" data-testid={`kpi-${k.key}-value`}>{k.value}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function FunnelCells({ row, currency }: { row: FunnelRow; currency: string }) {
  return (
    <>
      {FUNNEL_COLUMNS.map((c) => {
        const value = row[c.key];
        const of = 'of' in c ? (row[c.of] as number | null) : null;
        const rate = value !== null && 'of' in c ? share(value, of) : null;
        return (
          <Table.Td key={c.key} ta="right">
            {value === null ? '—' : formatCount(value)}
            {rate !== null && <Text span size="xs" c="dimmed" display="block">{formatPercent(rate)}</Text>}
          </Table.Td>
        );
      })}
      <Table.Td ta="right">{formatMoney(row.revenue, currency)}</Table.Td>
      <Table.Td ta="right">{formatMoney(row.cost, currency)}</Table.Td>
      <Table.Td ta="right">{formatPercent(row.roi, undefined, 0)}</Table.Td>
    </>
  );
}

/** Per step and per variant: enrolled to converted, revenue, spend and ROI; opens by people and by machines apart. */
export function FunnelSection({ report }: { report: CampaignReport }) {
  const { campaign, variants, steps } = funnelGroups(report.funnel);
  const rows = [campaign, ...variants, ...steps].filter((r): r is FunnelRow => !!r);
  return (
    <ReportSection title="Funnel" description="Rates under each count: of those delivered (opens, clicks, conversions, unsubscribes) or sent (delivered, failed). Machine-only opens are privacy proxies and prefetchers, not people."
      actions={<CsvButton campaignId={report.campaign.id} campaignName={report.campaign.name} table="funnel" label="the funnel" />}>
      <Text size="xs" c="dimmed" mb="xs" data-testid="funnel-conversions">{conversionDefinitionText(report.conversionDefinition)}</Text>
      <ScrollTable label="Funnel per step and variant" minWidth={900} fz="sm" horizontalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            {FUNNEL_COLUMNS.map((c) => <Table.Th key={c.key} ta="right">{c.label}</Table.Th>)}
            <Table.Th ta="right">Revenue</Table.Th><Table.Th ta="right">Spend</Table.Th><Table.Th ta="right">ROI</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.level}-${row.stepId}-${row.variant}`} data-testid={`funnel-${row.level}${row.variant ? `-${row.variant}` : ''}${row.stepId ? `-${row.stepId}` : ''}`}>
              <Table.Th scope="row" fw={row.level === 'step' ? 400 : 700}>{funnelLabel(row)}</Table.Th>
              <FunnelCells row={row} currency={report.currency} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    </ReportSection>
  );
}
