import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import type { Overview } from '../../api/hooks/reports';
import { formatCount, formatMoney } from '../../components/formatting';
import { changeOf, changeText, KPIS, type Kpi } from './dashboard-figures';

function value(kpi: Kpi, n: number | null, currency: string): string {
  if (n === null) return '—';
  if (kpi.kind === 'money') return formatMoney(n, currency);
  if (kpi.kind === 'ratio') return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }).format(n);
  return formatCount(n);
}

/** What campaigns caused beyond their random holdouts, with its interval; a dash when no campaign held anyone out. */
function IncrementalCard({ overview }: { overview: Overview }) {
  const inc = overview.totals.incrementalRevenue;
  const money = (n: number) => formatMoney(n, overview.currency);
  return (
    <Paper withBorder p="sm" data-testid="kpi-incrementalRevenue" title="Revenue beyond what the random holdout groups of the campaigns bought">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">Incremental revenue</Text>
      <Text size="xl" fw={700} data-testid="kpi-incrementalRevenue-value">{inc ? money(inc.estimate) : '—'}</Text>
      <Text size="xs" c="dimmed">
        {inc ? `95%: ${money(inc.low)} to ${money(inc.high)} · ${inc.campaigns} campaign${inc.campaigns === 1 ? '' : 's'} with a holdout` : 'no campaign held anyone out'}
      </Text>
    </Paper>
  );
}

/** The period's headline figures, each with its change against the period before. */
export function KpiCards({ overview }: { overview: Overview }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, xl: 7 }} spacing="sm">
      {KPIS.map((kpi) => {
        const now = overview.totals[kpi.key] as number | null;
        const before = overview.previous.totals[kpi.key] as number | null;
        const change = changeOf(now, before);
        const good = change.direction === 'same' ? 'gray' : (change.direction === 'up') === kpi.upIsGood ? 'teal' : 'red';
        return (
          <Paper key={kpi.key} withBorder p="sm" data-testid={`kpi-${kpi.key}`} title={kpi.help}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">{kpi.label}</Text>
            <Text size="xl" fw={700} data-testid={`kpi-${kpi.key}-value`}>{value(kpi, now, overview.currency)}</Text>
            <Group gap={4} wrap="nowrap">
              <Badge size="sm" variant="light" color={good}>{changeText(change)}</Badge>
              <Text size="xs" c="dimmed" truncate>vs {value(kpi, before, overview.currency)}</Text>
            </Group>
          </Paper>
        );
      })}
      <IncrementalCard overview={overview} />
    </SimpleGrid>
  );
}
