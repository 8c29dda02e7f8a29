import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Text } from '@mantine/core';
import { formatMoney } from '../../components/formatting';
import { type CampaignReport, chartPoints } from './report-format';

/** Sends, clicks and conversions, and revenue against spend, per local day (recharts: loaded after the figures). */
export default function OverTimeChart({ report }: { report: CampaignReport }) {
  const data = chartPoints(report);
  if (data.length === 0) return <Text size="sm" c="dimmed">Nothing sent yet: the days appear from the first send.</Text>;
  const money = (n: number) => formatMoney(n, report.currency);
  const sum = (k: 'sent' | 'clicks' | 'conversions' | 'revenue' | 'spend') => data.reduce((n, p) => n + p[k], 0);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <div role="img" aria-label={`Per day from ${data[0].label} to ${data[data.length - 1].label}: ${sum('sent')} sent, ${sum('clicks')} clicks, ${sum('conversions')} conversions`}>
        <Text size="sm" fw={600} mb={4}>Sent, clicks and conversions per day</Text>
        <BarChart h={200} data={data} dataKey="label" withLegend
          series={[{ name: 'sent', label: 'Sent', color: 'blue.6' }, { name: 'clicks', label: 'Clicks', color: 'teal.7' }, { name: 'conversions', label: 'Conversions', color: 'grape.7' }]} />
      </div>
      <div role="img" aria-label={`Revenue ${money(sum('revenue'))} against spend ${money(sum('spend'))} over the same days`}>
        <Text size="sm" fw={600} mb={4}>Revenue and spend per day</Text>
        <LineChart h={200} data={data} dataKey="label" withLegend valueFormatter={money} curveType="linear"
          series={[{ name: 'revenue', label: 'Revenue', color: 'teal.7' }, { name: 'spend', label: 'Spend', color: 'red.7' }]} />
      </div>
    </SimpleGrid>
  );
}
