import { Autocomplete, Badge, Table, Text } from '@mantine/core';
import { ScrollTable } from '../../../components/ScrollTable';
import { IMPORT_TARGETS, mappingProblem, type MappingRow } from './import-mapping';

const CHOICES = ['ignore', ...IMPORT_TARGETS, 'attributes.'];
const HOW: Record<string, string> = { exact: 'by its name', alias: 'by a known spelling', explicit: 'by your mapping', unrecognised: 'not recognised', dropped: 'ignored by your mapping', duplicate: 'another column fills this field' };

/** Each column: what the last dry run read it as, and the user's choice (empty: automatic). */
export function MappingTable({ rows, details, onChoose }: { rows: MappingRow[]; details: { field: string; message: string }[]; onChoose: (column: string, choice: string) => void }) {
  return (
    <ScrollTable label="Column mapping" minWidth={560}>
      <Table.Thead><Table.Tr><Table.Th>Column</Table.Th><Table.Th>Read as</Table.Th><Table.Th>Change to</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.column}>
            <Table.Td><Text size="sm" fw={600}>{r.column}</Text></Table.Td>
            <Table.Td>
              {r.target ? <Badge variant="light" tt="none">{r.target}</Badge> : <Badge variant="light" color="gray" tt="none">not read</Badge>}
              <Text size="xs" c="dimmed">{r.message ?? HOW[r.how] ?? r.how}</Text>
            </Table.Td>
            <Table.Td miw={220}>
              <Autocomplete size="xs" label={`Field for column ${r.column}`} placeholder="automatic" data={CHOICES} value={r.choice} limit={40}
                description="a field, attributes.<name>, or ignore" error={mappingProblem(details, r.column)} onChange={(v) => onChoose(r.column, v)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}
