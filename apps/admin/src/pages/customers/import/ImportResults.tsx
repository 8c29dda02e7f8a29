import { Badge, Button, Group, SimpleGrid, Paper, Stack, Table, Text } from '@mantine/core';
import type { ImportReport } from '../../../api/import-upload';
import { saveBlob } from '../../../components/download';
import { formatCount } from '../../../components/formatting';
import { ScrollTable } from '../../../components/ScrollTable';
import { importErrorsCsv, reportCounts } from './import-report-csv';

export function ReportCounts({ report }: { report: ImportReport }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs" data-testid={report.dryRun ? 'dry-run-counts' : 'import-counts'}>
      {reportCounts(report).map((c) => (
        <Paper key={c.label} withBorder p="xs">
          <Text size="xs" c="dimmed">{c.label}</Text>
          <Text size="lg" fw={700} c={c.label === 'Failed' && c.value > 0 ? 'red.8' : undefined}>{formatCount(c.value)}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

export function RowErrors({ report }: { report: ImportReport }) {
  if (report.errors.length === 0) return <Text size="sm" c="dimmed">No row was refused.</Text>;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm">{report.errorsTruncated ? `The first ${formatCount(report.errors.length)} errors (more rows failed).` : `${formatCount(report.errors.length)} error${report.errors.length === 1 ? '' : 's'}.`}</Text>
        <Button size="xs" variant="default" onClick={() => saveBlob(new Blob([importErrorsCsv(report.errors)], { type: 'text/csv' }), 'import-errors.csv')}>Download errors as CSV</Button>
      </Group>
      <ScrollTable label="Row errors" minWidth={560}>
        <Table.Thead><Table.Tr><Table.Th>Row</Table.Th><Table.Th>Field</Table.Th><Table.Th>Problem</Table.Th><Table.Th>Code</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {report.errors.map((e, i) => (
            <Table.Tr key={`${e.row}-${e.field}-${i}`}><Table.Td>{e.row}</Table.Td><Table.Td>{e.column ? `${e.field} (${e.column})` : e.field}</Table.Td><Table.Td>{e.reason}</Table.Td><Table.Td><Text size="xs" ff="monospace">{e.code}</Text></Table.Td></Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    </Stack>
  );
}

const OUTCOME_COLORS: Record<string, string> = { insert: 'teal', update: 'blue', unchanged: 'gray', duplicate: 'yellow', failed: 'red' };

/** The first rows as they would be stored, each with its own errors. */
export function PreviewTable({ preview }: { preview: NonNullable<ImportReport['preview']> }) {
  return (
    <ScrollTable label="Preview of the first rows" minWidth={720}>
      <Table.Thead><Table.Tr><Table.Th>Row</Table.Th><Table.Th>Would</Table.Th><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Phone</Table.Th><Table.Th>Tags</Table.Th><Table.Th>Problems</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {preview.map((p) => (
          <Table.Tr key={p.row}>
            <Table.Td>{p.row}</Table.Td>
            <Table.Td><Badge size="sm" variant="light" color={OUTCOME_COLORS[p.outcome]} style={{ minWidth: 'max-content' }}>{p.outcome}</Badge></Table.Td>
            <Table.Td>{[p.customer?.firstName, p.customer?.lastName].filter(Boolean).join(' ') || '—'}</Table.Td>
            <Table.Td>{p.customer?.email ?? '—'}</Table.Td>
            <Table.Td>{p.customer?.phone ?? '—'}</Table.Td>
            <Table.Td>{p.customer?.tags.join(', ') || '—'}</Table.Td>
            <Table.Td>{p.errors.length === 0 ? '—' : p.errors.map((e) => <Text key={`${e.field}-${e.code}`} size="xs" c="red.8">{e.field}: {e.reason}</Text>)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}
