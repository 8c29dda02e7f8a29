import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { Overview } from '../../api/hooks/reports';
import { formatMoney } from '../../components/formatting';

/** Revenue (all and attributed) and messages sent per bucket of the period. */
export default function OverTimeCharts({ overview }: { overview: Overview }) {
  const { granularity, points } = overview.series;
  const data = points.map((p) => ({ ...p, label: p.start.slice(5) }));
  const money = (n: number) => formatMoney(n, overview.currency);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <Paper withBorder p="sm">
        <Title order={2} size="h5">Revenue per {granularity}</Title>
        <Text size="xs" c="dimmed" mb="xs">All orders, and the part credited to campaigns</Text>
        <div role="img" aria-label={`Revenue per ${granularity}: ${money(overview.totals.revenue)} in all, ${money(overview.totals.attributedRevenue)} attributed`}>
        <AreaChart h={220} data={data} withDots={false} curveType="linear" dataKey="label" valueFormatter={money} withLegend
          series={[{ name: 'revenue', label: 'Revenue', color: 'teal.7' }, { name: 'attributedRevenue', label: 'Attributed', color: 'indigo.6' }]} />
        </div>
      </Paper>
      <Paper withBorder p="sm">
        <Title order={2} size="h5">Messages sent per {granularity}</Title>
        <Text size="xs" c="dimmed" mb="xs">Email and SMS</Text>
        <div role="img" aria-label={`Messages sent per ${granularity}: ${overview.totals.messagesSent} in all`}>
          <BarChart h={220} data={data} dataKey="label" withLegend series={[{ name: 'messagesSent', label: 'Sent', color: 'blue.6' }]} />
        </div>
      </Paper>
    </SimpleGrid>
  );
}
