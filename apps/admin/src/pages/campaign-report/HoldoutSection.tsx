import { Alert, Table, Text } from '@mantine/core';
import { formatCount, formatMoney } from '../../components/formatting';
import { ScrollTable } from '../../components/ScrollTable';
import { conversionDefinitionText } from './conversion-definition';
import { CsvButton } from './CsvButton';
import { type HoldoutReport, readHoldout } from './holdout-sentence';
import { ReportSection } from './ReportSection';
import { type CampaignReport, type Estimate, formatInterval, formatPercent, funnelGroups } from './report-format';

const TONES = { 'no-holdout': 'gray', 'no-data': 'gray', unclear: 'yellow', positive: 'teal', negative: 'red' } as const;

type Line = Pick<HoldoutReport, 'treated' | 'control' | 'uplift' | 'incrementalRoi' | 'tooSmall'> & { label: string; lastTouchRoi: number | null };

function HoldoutRow({ line, currency }: { line: Line; currency: string }) {
  const money = (n: number) => formatMoney(n, currency);
  const count = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(n);
  const withRange = (e: Estimate | null | undefined, f: (n: number) => string) => (e && e.estimate !== null ? `${f(e.estimate)} (${formatInterval(e.low, e.high, f)})` : '—');
  const pct = (n: number) => formatPercent(n, undefined, 0);
  return (
    <Table.Tr>
      <Table.Th scope="row">{line.label}</Table.Th>
      <Table.Td ta="right">{formatCount(line.treated.n)} / {formatCount(line.treated.conversions)} / {money(line.treated.revenueSum)}</Table.Td>
      <Table.Td ta="right">{formatCount(line.control.n)} / {formatCount(line.control.conversions)} / {money(line.control.revenueSum)}</Table.Td>
      {line.uplift === null && line.tooSmall ? <Table.Td colSpan={3} c="dimmed">{line.tooSmall.message}</Table.Td> : (
        <>
          <Table.Td ta="right">{withRange(line.uplift?.incrementalConversions, count)}</Table.Td>
          <Table.Td ta="right">{withRange(line.uplift?.incrementalRevenue, money)}</Table.Td>
          <Table.Td ta="right">{withRange(line.incrementalRoi, pct)}</Table.Td>
        </>
      )}
      <Table.Td ta="right">{formatPercent(line.lastTouchRoi, undefined, 0)}</Table.Td>
    </Table.Tr>
  );
}

/** What the campaign caused against the held-out customers, beside last-touch ROI, and a sentence saying what that means. */
export function HoldoutSection({ report }: { report: CampaignReport }) {
  const { campaign, variants } = funnelGroups(report.funnel);
  const reading = readHoldout(report.holdout, { currency: report.currency, lastTouchRoi: campaign?.roi ?? null });
  const h = report.holdout;
  const lines: Line[] = h
    ? [{ ...h, label: 'Whole campaign', lastTouchRoi: campaign?.roi ?? null },
      ...h.byVariant.map((v) => ({ ...v, label: `Variant ${v.variant}`, lastTouchRoi: variants.find((r) => r.variant === v.variant)?.roi ?? null }))]
    : [];
  return (
    <ReportSection title="Holdout: what the campaign caused" testId="holdout"
      description={`${report.campaign.holdoutPercent}% of enrolments held out and never messaged. Ranges are 95% intervals.`}
      actions={h ? <CsvButton campaignId={report.campaign.id} campaignName={report.campaign.name} table="holdout" label="the holdout comparison" /> : undefined}>
      <Alert color={TONES[reading.tone]} variant="light" mb="sm" data-testid="holdout-sentence">{reading.sentence}</Alert>
      {h && <Text size="xs" c="dimmed" mb="xs" data-testid="holdout-conversions">{conversionDefinitionText(h.conversionDefinition)}</Text>}
      {lines.length > 0 && (
        <ScrollTable label="Holdout comparison" minWidth={900} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th><Table.Th ta="right">Messaged: n / ordered / revenue</Table.Th><Table.Th ta="right">Held out: n / ordered / revenue</Table.Th>
              <Table.Th ta="right">Incremental conversions</Table.Th><Table.Th ta="right">Incremental revenue</Table.Th><Table.Th ta="right">Incremental ROI</Table.Th><Table.Th ta="right">Last-touch ROI</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{lines.map((l) => <HoldoutRow key={l.label} line={l} currency={report.currency} />)}</Table.Tbody>
        </ScrollTable>
      )}
    </ReportSection>
  );
}
