import { Alert, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ExperimentReport } from '../../api/hooks/campaign-report';
import { formatCount } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { conversionDefinitionText, conversionDifference } from './conversion-definition';
import { CsvButton } from './CsvButton';
import {
  alwaysValidArm, alwaysValidText, alwaysValidVerdictLabel, armRows, decidedByText, decisionText, formatDifference, formatMetric, judgedBy, METRIC_LABELS, METRICS, type Metric,
  recommendationText, sampleRatioText, type Split, tooSmallText, verdictLabel,
} from './experiment-figures';
import { ReportSection } from './ReportSection';
import { formatInterval, formatPercent, formatPValue, formatSignedPercent } from './report-format';

function MetricTable({ split, metric, currency }: { split: Split; metric: Metric; currency: string }) {
  const rows = armRows(split);
  const decides = split.verdict?.winnerMetric === metric;
  const value = (n: number) => formatMetric(metric, n, currency);
  const label = `${METRIC_LABELS[metric]} by variant, split ${split.stepId}`;
  return (
    <div>
      <Group gap="xs" mb={4}>
        <Title order={4} size="h6">{METRIC_LABELS[metric]}</Title>
        {decides && <Badge size="sm" variant="light" color="indigo">decides the winner</Badge>}
      </Group>
      <ScrollTable label={label} minWidth={1180} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2}>Variant</Table.Th>
            <Table.Th colSpan={4} ta="center">Always-valid test (decides)</Table.Th>
            <Table.Th colSpan={7} ta="center">Fixed-horizon figures (for reference)</Table.Th>
          </Table.Tr>
          <Table.Tr>
            <Table.Th ta="right">Difference</Table.Th><Table.Th ta="right">Confidence sequence</Table.Th><Table.Th ta="right">p (adjusted)</Table.Th><Table.Th>Verdict</Table.Th>
            <Table.Th ta="right">Value</Table.Th><Table.Th ta="right">Interval</Table.Th><Table.Th ta="right">Lift</Table.Th>
            <Table.Th ta="right">Lift interval</Table.Th><Table.Th ta="right">p (adjusted)</Table.Th><Table.Th ta="right">Chance to beat control</Table.Th><Table.Th>Verdict</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const cell = r.cells.find((c) => c.metric === metric)!;
            const c = cell.comparison;
            const small = tooSmallText(c, r.recipients);
            const av = alwaysValidArm(split, metric, r.key);
            const difference = (n: number) => formatDifference(metric, n, currency);
            return (
              <Table.Tr key={r.key}>
                <Table.Th scope="row">{r.key}{r.isControl && <Text span size="xs" c="dimmed"> (control)</Text>}</Table.Th>
                <Table.Td ta="right">{av ? difference(av.difference ?? NaN) : '—'}</Table.Td>
                <Table.Td ta="right">{av ? formatInterval(av.low, av.high, difference) : '—'}</Table.Td>
                <Table.Td ta="right">{av ? `${formatPValue(av.adjustedPValue)} (${formatPValue(av.pValue)})` : '—'}</Table.Td>
                <Table.Td>{r.isControl ? 'Control' : alwaysValidVerdictLabel(av?.verdict)}</Table.Td>
                <Table.Td ta="right">{formatMetric(metric, cell.report?.value, currency)}</Table.Td>
                <Table.Td ta="right">{formatInterval(cell.report?.low, cell.report?.high, value)}</Table.Td>
                <Table.Td ta="right">{c ? formatSignedPercent(c.lift.estimate) : '—'}</Table.Td>
                <Table.Td ta="right">{c ? formatInterval(c.lift.low, c.lift.high, (n) => formatSignedPercent(n)) : '—'}</Table.Td>
                <Table.Td ta="right">{c ? `${formatPValue(c.adjustedPValue)} (${formatPValue(c.pValue)})` : '—'}</Table.Td>
                <Table.Td ta="right">{c ? formatPercent(c.chanceToBeatControl, undefined, 0) : '—'}</Table.Td>
                <Table.Td>{r.isControl ? 'Control' : verdictLabel(c?.verdict)}{small && <Text size="xs" c="dimmed">{small}</Text>}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </ScrollTable>
    </div>
  );
}

function ArmsTable({ split }: { split: Split }) {
  return (
    <ScrollTable label={`Recipients and opens by variant, split ${split.stepId}`} minWidth={520} fz="sm">
      <Table.Thead>
        <Table.Tr><Table.Th>Variant</Table.Th><Table.Th ta="right">Weight</Table.Th><Table.Th ta="right">Recipients</Table.Th><Table.Th ta="right">Opened by people</Table.Th><Table.Th ta="right">Opened only by machines</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {armRows(split).map((r) => (
          <Table.Tr key={r.key}>
            <Table.Th scope="row">{r.key}{r.isControl && <Text span size="xs" c="dimmed"> (control)</Text>}</Table.Th>
            <Table.Td ta="right">{r.weight}</Table.Td><Table.Td ta="right">{formatCount(r.recipients)}</Table.Td>
            <Table.Td ta="right">{formatPercent(r.humanOpenRate)}</Table.Td><Table.Td ta="right">{formatPercent(r.machineOnlyOpenRate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

function SplitReport({ split, currency }: { split: Split; currency: string }) {
  const srm = split.verdict ? sampleRatioText(split.verdict.sampleRatio) : null;
  const decision = decisionText(split.decision, currency);
  const verdict = alwaysValidText(split);
  return (
    <Stack gap="xs" data-testid={`split-${split.stepId}`}>
      <Title order={3} size="h5">Split “{split.stepId}”</Title>
      {decision && <Alert color="indigo" title="Winner chosen" role="status">{decision}</Alert>}
      {verdict && (
        <Alert color={verdict.tone === 'decided' ? 'teal' : verdict.tone === 'blocked' ? 'red' : 'gray'} title={`Verdict: ${verdict.title}`} data-testid={`always-valid-${split.stepId}`}>
          <Text size="sm">{verdict.text}</Text>
          <Text size="xs" c="dimmed" mt={4}>{decidedByText(split)}</Text>
        </Alert>
      )}
      <Text size="sm" fw={600}>Fixed-horizon reading: {recommendationText(split)}</Text>
      {judgedBy(split) && <Text size="xs" c="dimmed">{judgedBy(split)}</Text>}
      {srm && <Text size="sm" c={srm.ok ? undefined : 'red.8'} fw={srm.ok ? 400 : 700}>{srm.text}</Text>}
      <Text size="xs" c="dimmed" data-testid={`split-conversions-${split.stepId}`}>
        {[conversionDefinitionText(split.conversionDefinition), conversionDifference(split.arms)].filter(Boolean).join(' ')}
      </Text>
      <ArmsTable split={split} />
      {split.verdict && METRICS.map((m) => <MetricTable key={m} split={split} metric={m} currency={currency} />)}
    </Stack>
  );
}

/** Every split's A/B test (the experiment report, with opens). */
export function ExperimentSection({ campaignId, campaignName, query }: { campaignId: string; campaignName: string; query: UseQueryResult<ExperimentReport> }) {
  return (
    <ReportSection title="A/B tests" description="The always-valid test decides: its p-values and confidence sequences (for the difference from the control) stay right however often you look. Fixed-horizon intervals and lifts are shown for reference. p-values adjusted for several challengers (raw in brackets). Opens never decide: machines inflate them."
      actions={<CsvButton campaignId={campaignId} campaignName={campaignName} table="experiment" label="the A/B results" />}>
      <QueryState query={query}>
        {(report) => <Stack gap="lg">{report.experiments.map((s) => <SplitReport key={s.stepId} split={s} currency={report.currency} />)}</Stack>}
      </QueryState>
    </ReportSection>
  );
}
