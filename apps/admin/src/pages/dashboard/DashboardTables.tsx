import { Alert, Badge, List, Paper, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ChurnList, Overview } from '../../api/hooks/reports';
import { formatCount, formatMoney } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { heatColor } from './dashboard-figures';
import { incrementalRoiText, roiPercentText, storeLabel } from './store-figures';

const pct = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }).format(n));

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb="xs">{title}</Title>
      {children}
    </Paper>
  );
}

export function TopCampaigns({ overview }: { overview: Overview }) {
  const money = (n: number) => formatMoney(n, overview.currency);
  const rows = overview.byCampaign.slice(0, 5);
  return (
    <Section title="Top campaigns">
      {rows.length === 0 ? <Text size="sm" c="dimmed">No campaign sent or earned in this period.</Text> : (
        <ScrollTable label="Top campaigns" minWidth={480}>
          <Table.Thead><Table.Tr><Table.Th>Campaign</Table.Th><Table.Th ta="right">Sent</Table.Th><Table.Th ta="right">Orders</Table.Th><Table.Th ta="right">Revenue</Table.Th><Table.Th ta="right">ROI</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.campaignId}><Table.Td>{c.name}</Table.Td><Table.Td ta="right">{formatCount(c.sent)}</Table.Td><Table.Td ta="right">{formatCount(c.orders)}</Table.Td><Table.Td ta="right">{money(c.revenue)}</Table.Td><Table.Td ta="right">{pct(c.roi)}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

export function ByChannel({ overview }: { overview: Overview }) {
  const money = (n: number) => formatMoney(n, overview.currency);
  return (
    <Section title="By channel">
      {overview.byChannel.length === 0 ? <Text size="sm" c="dimmed">Nothing sent in this period.</Text> : (
        <ScrollTable label="By channel" minWidth={420}>
          <Table.Thead><Table.Tr><Table.Th>Channel</Table.Th><Table.Th ta="right">Sent</Table.Th><Table.Th ta="right">Orders</Table.Th><Table.Th ta="right">Revenue</Table.Th><Table.Th ta="right">Spend</Table.Th><Table.Th ta="right">ROI</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {overview.byChannel.map((c) => (
              <Table.Tr key={c.channel}><Table.Td>{c.channel === 'sms' ? 'SMS' : 'Email'}</Table.Td><Table.Td ta="right">{formatCount(c.sent)}</Table.Td><Table.Td ta="right">{formatCount(c.orders)}</Table.Td><Table.Td ta="right">{money(c.revenue)}</Table.Td><Table.Td ta="right">{money(c.cost)}</Table.Td><Table.Td ta="right">{pct(c.roi)}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

export function ByStore({ overview }: { overview: Overview }) {
  const money = (n: number) => formatMoney(n, overview.currency);
  return (
    <Section title="By store">
      <Text size="xs" c="dimmed" mb="xs">
        Orders by where they were placed; spend by the store each message was about (else the recipient's nearest). ROI on attributed revenue;
        incremental ROI against customers held out, with its 95% range.
      </Text>
      {overview.byStore.length === 0 ? <Text size="sm" c="dimmed">No orders or messages in this period.</Text> : (
        <ScrollTable label="By store" minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Store</Table.Th><Table.Th ta="right">Orders</Table.Th><Table.Th ta="right">Revenue</Table.Th><Table.Th ta="right">Attributed</Table.Th>
              <Table.Th ta="right">Spend</Table.Th><Table.Th ta="right">ROI %</Table.Th><Table.Th ta="right">Incremental ROI</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {overview.byStore.map((s) => (
              <Table.Tr key={s.locationId ?? 'none'} data-testid={`store-${s.locationId ?? 'online'}`}>
                <Table.Td>{storeLabel(s)}</Table.Td><Table.Td ta="right">{formatCount(s.orders)}</Table.Td><Table.Td ta="right">{money(s.revenue)}</Table.Td>
                <Table.Td ta="right">{money(s.attributedRevenue)}</Table.Td><Table.Td ta="right">{money(s.spend)}</Table.Td>
                <Table.Td ta="right">{roiPercentText(s.roiPercent)}</Table.Td><Table.Td ta="right">{incrementalRoiText(s)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

export function NewAndReturning({ overview }: { overview: Overview }) {
  const money = (n: number) => formatMoney(n, overview.currency);
  const { new: fresh, returning } = overview.customers;
  return (
    <Section title="New and returning buyers">
      <ScrollTable label="New and returning buyers" minWidth={360}>
        <Table.Thead><Table.Tr><Table.Th /><Table.Th ta="right">Customers</Table.Th><Table.Th ta="right">Orders</Table.Th><Table.Th ta="right">Revenue</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {[['New', fresh], ['Returning', returning]].map(([label, g]) => {
            const group = g as typeof fresh;
            return <Table.Tr key={label as string}><Table.Th scope="row">{label as string}</Table.Th><Table.Td ta="right">{formatCount(group.customers)}</Table.Td><Table.Td ta="right">{formatCount(group.orders)}</Table.Td><Table.Td ta="right">{money(group.revenue)}</Table.Td></Table.Tr>;
          })}
        </Table.Tbody>
      </ScrollTable>
    </Section>
  );
}

export function CohortHeatmap({ overview }: { overview: Overview }) {
  const months = Math.max(0, ...overview.cohorts.map((c) => c.retention.length));
  return (
    <Section title="Cohort retention">
      <Text size="xs" c="dimmed" mb="xs">Customers by the month of their first order: the share who ordered again in each later month.</Text>
      {overview.cohorts.length === 0 ? <Text size="sm" c="dimmed">No first orders in this period.</Text> : (
        <ScrollTable label="Cohort retention" minWidth={360} striped={false} highlightOnHover={false}>
          <Table.Thead><Table.Tr><Table.Th>Cohort</Table.Th><Table.Th ta="right">Customers</Table.Th>{Array.from({ length: months }, (_, i) => <Table.Th key={i} ta="center">+{i + 1} mo</Table.Th>)}</Table.Tr></Table.Thead>
          <Table.Tbody>
            {overview.cohorts.map((c) => (
              <Table.Tr key={c.cohort}>
                <Table.Th scope="row">{c.cohort}</Table.Th>
                <Table.Td ta="right">{formatCount(c.customers)}</Table.Td>
                {Array.from({ length: months }, (_, i) => {
                  const r = c.retention[i];
                  return <Table.Td key={i} ta="center" style={r === undefined ? undefined : heatColor(r)}>{r === undefined ? '' : pct(r)}</Table.Td>;
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

export function ChurnRisk({ churn }: { churn: UseQueryResult<ChurnList> }) {
  return (
    <Section title="Customers at risk of leaving">
      <QueryState query={churn} isEmpty={(c) => c.items.length === 0} empty={<Alert color="gray">Nobody at risk: no customer is overdue for their next order.</Alert>}>
        {(c) => (
          <List spacing="xs" listStyleType="none" p={0} data-testid="churn-risk">
            {c.items.map((e) => (
              <List.Item key={e.customerId}>
                <Text size="sm" fw={600} span>{e.name ?? e.email ?? e.customerId}</Text>{' '}
                <Badge size="sm" variant="light" color={e.level === 'high' ? 'red' : e.level === 'medium' ? 'yellow' : 'gray'}>{e.level} · {e.score}</Badge>
                <Text size="xs" c="dimmed">{e.reasons.join('; ')}</Text>
              </List.Item>
            ))}
          </List>
        )}
      </QueryState>
    </Section>
  );
}
