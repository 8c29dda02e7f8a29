import { Alert, Button, FileInput, Group, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { ApiError } from '../../../api/api-error';
import { useCustomerImport } from '../../../api/hooks/customer-import';
import type { ImportReport } from '../../../api/import-upload';
import { AnchorLink } from '../../../components/links';
import { PageHeader } from '../../../components/PageHeader';
import { can } from '../../../session/permissions';
import { useSession } from '../../../session/session-context';
import { choose, headerColumns, mappingParam, mappingRows, unreadRows, type MappingChoices } from './import-mapping';
import { MappingTable } from './MappingTable';
import { PreviewTable, ReportCounts, RowErrors } from './ImportResults';

const DELIMITERS = [{ value: ',', label: 'Comma (,)' }, { value: ';', label: 'Semicolon (;)' }, { value: '\t', label: 'Tab' }, { value: '|', label: 'Pipe (|)' }];

function UploadProgress({ fraction, label }: { fraction: number; label: string }) {
  const done = fraction >= 1;
  return (
    <Stack gap={4}>
      <Progress value={fraction * 100} animated={done} aria-label={label} />
      <Text size="sm" c="dimmed" aria-live="polite">{done ? 'Uploaded; the API is reading every row…' : `Uploading… ${Math.round(fraction * 100)}%`}</Text>
    </Stack>
  );
}

function DryRunResult({ report, onImport, importing, stale }: { report: ImportReport; onImport: () => void; importing: boolean; stale: boolean }) {
  const rows = report.inserted + report.updated + report.unchanged;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">What an import would do now</Title>
      <ReportCounts report={report} />
      {report.preview && report.preview.length > 0 && <><Title order={3} size="h5">The first rows as they would be stored</Title><PreviewTable preview={report.preview} /></>}
      <Title order={3} size="h5">Errors</Title>
      <RowErrors report={report} />
      {stale && <Alert color="yellow">You changed the mapping: check the file again to see what it does before importing.</Alert>}
      <Group><Button onClick={onImport} loading={importing} disabled={stale || rows === 0}>Import {rows} row{rows === 1 ? '' : 's'}</Button></Group>
    </Stack>
  );
}

function ImportDone({ report }: { report: ImportReport }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">Imported</Title>
        <ReportCounts report={report} />
        <RowErrors report={report} />
        <Group><AnchorLink to="/customers">See the customers</AnchorLink></Group>
      </Stack>
    </Paper>
  );
}

function useImportWizard() {
  const [file, setFile] = useState<File | null>(null);
  const [delimiter, setDelimiter] = useState(',');
  const [header, setHeader] = useState<string[]>([]);
  const [choices, setChoices] = useState<MappingChoices>({});
  const [checkedMapping, setCheckedMapping] = useState<string | undefined>();
  const [progress, setProgress] = useState(0);
  const dry = useCustomerImport(setProgress);
  const real = useCustomerImport(setProgress);
  const [lastDry, setLastDry] = useState<ImportReport | null>(null);
  const query = () => ({ mapping: mappingParam(choices), ...(delimiter !== ',' ? { delimiter } : {}) });
  const pick = (f: File | null) => {
    setFile(f); setChoices({}); setLastDry(null); dry.reset(); real.reset();
    if (f) void f.slice(0, 65_536).text().then((t) => setHeader(headerColumns(t, delimiter)));
  };
  const check = () => {
    if (!file) return;
    setProgress(0); real.reset();
    const q = query();
    dry.mutate({ file, query: { ...q, dryRun: true } }, { onSuccess: (r) => { setLastDry(r); setCheckedMapping(q.mapping); } });
  };
  const changeDelimiter = (d: string) => {
    setDelimiter(d);
    if (file) void file.slice(0, 65_536).text().then((t) => setHeader(headerColumns(t, d)));
  };
  const run = () => { if (file) { setProgress(0); real.mutate({ file, query: query() }); } };
  return { file, pick, delimiter, changeDelimiter, header, choices, setChoices, checkedMapping, progress, dry, real, lastDry, check, run };
}

export function ImportPage(): ReactElement {
  const { role } = useSession();
  if (role !== undefined && !can(role, 'edit')) {
    return (
      <>
        <PageHeader title="Import customers" actions={<AnchorLink to="/customers">All customers</AnchorLink>} />
        <Alert color="gray">Your key's role ({role}) reads customers but cannot import them; an owner or marketer can.</Alert>
      </>
    );
  }
  return <ImportWizard />;
}

function ImportWizard(): ReactElement {
  const w = useImportWizard();
  const details = w.dry.error instanceof ApiError ? w.dry.error.details : [];
  const rows = w.lastDry ? mappingRows(w.lastDry, w.choices) : unreadRows(w.header, w.choices);
  const stale = mappingParam(w.choices) !== w.checkedMapping;
  return (
    <>
      <PageHeader title="Import customers" description="A CSV file with a header row. Check it first: nothing is written until you import." actions={<AnchorLink to="/customers">All customers</AnchorLink>} />
      <Stack>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput label="CSV file" placeholder="Choose a file" accept=".csv,text/csv" value={w.file} onChange={w.pick} clearable clearButtonProps={{ 'aria-label': 'Clear the file' }} miw={240} />
              <Select label="Delimiter" data={DELIMITERS} value={w.delimiter} onChange={(v) => w.changeDelimiter(v ?? ',')} allowDeselect={false} w={160} />
              <Button onClick={w.check} disabled={!w.file} loading={w.dry.isPending} variant={w.lastDry ? 'default' : 'filled'}>{w.lastDry ? 'Check again with this mapping' : 'Check the file'}</Button>
            </Group>
            {w.dry.isPending && <UploadProgress fraction={w.progress} label="Checking the file" />}
            {w.dry.error && <Alert color="red" role="alert">{details.find((d) => d.field === 'mapping')?.message ?? w.dry.error.message}</Alert>}
            {rows.length > 0 && !w.real.data && <><Title order={2} size="h4">Columns</Title><Text size="sm" c="dimmed">Leave a column empty for the automatic match, or type the field it fills, attributes.&lt;name&gt;, or ignore; then check again.</Text><MappingTable rows={rows} details={details} onChoose={(c, v) => w.setChoices((cs) => choose(cs, c, v))} /></>}
          </Stack>
        </Paper>
        {w.lastDry && !w.real.data && <Paper withBorder p="md"><DryRunResult report={w.lastDry} onImport={w.run} importing={w.real.isPending} stale={stale} /></Paper>}
        {w.real.isPending && <UploadProgress fraction={w.progress} label="Importing" />}
        {w.real.error && <Alert color="red" role="alert">{w.real.error.message}</Alert>}
        {w.real.data && <ImportDone report={w.real.data} />}
      </Stack>
    </>
  );
}
