import { Autocomplete, SimpleGrid } from '@mantine/core';
import { IMPORT_TARGETS, mappingProblem, type MappingRow } from './import-mapping';

const CHOICES = ['ignore', ...IMPORT_TARGETS, 'attributes.'];
const HOW: Record<string, string> = { exact: 'by its name', alias: 'by a known spelling', explicit: 'by your mapping', unrecognised: 'not recognised', dropped: 'ignored by your mapping', duplicate: 'another column fills this field' };

function readAs(r: MappingRow): string {
  if (r.target) return `Read as ${r.target}, ${HOW[r.how] ?? r.how}`;
  return `Not read: ${r.message ?? HOW[r.how] ?? r.how}`;
}

/** Each column (labelled by its header): what the last dry run read it as, and the user's choice (empty: automatic). */
export function MappingTable({ rows, details, onChoose }: { rows: MappingRow[]; details: { field: string; message: string }[]; onChoose: (column: string, choice: string) => void }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm" role="group" aria-label="Column mapping">
      {rows.map((r) => (
        <Autocomplete key={r.column} label={r.column} description={readAs(r)} placeholder="automatic" data={CHOICES} value={r.choice} limit={40}
          error={mappingProblem(details, r.column)} onChange={(v) => onChoose(r.column, v)} data-testid={`mapping-${r.column}`} />
      ))}
    </SimpleGrid>
  );
}
