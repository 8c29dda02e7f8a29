import { Button } from '@mantine/core';
import { type ReportCsv, useReportCsv } from '../../api/hooks/campaign-report';
import { saveBlob } from '../../components/download';
import { csvFileName } from './report-format';

/** Downloads one of the report's tables as the API writes it (CSV). */
export function CsvButton({ campaignId, campaignName, table, label }: { campaignId: string; campaignName: string; table: ReportCsv; label: string }) {
  const csv = useReportCsv(campaignId);
  return (
    <Button size="xs" variant="default" style={{ flexShrink: 0 }} loading={csv.isPending} aria-label={`Download ${label} as CSV`}
      onClick={() => csv.mutate(table, { onSuccess: (blob) => saveBlob(blob, csvFileName(campaignName, table)) })}>
      CSV
    </Button>
  );
}
