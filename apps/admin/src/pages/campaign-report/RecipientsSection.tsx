import { Button, Group, List, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useCampaignRecipients, useRecipientTrace } from '../../api/hooks/campaign-report';
import { formatMoney } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { CsvButton } from './CsvButton';
import { outcomeText, type Recipient, recipientName, traceStepText } from './recipient-figures';
import { ReportSection } from './ReportSection';
import { formatShortTime } from './report-format';

function Trace({ campaignId, enrollmentId }: { campaignId: string; enrollmentId: string }) {
  const trace = useRecipientTrace(campaignId, enrollmentId);
  return (
    <QueryState query={trace} isEmpty={(t) => t.steps.length === 0} empty={<Text size="sm" c="dimmed">No step has run yet.</Text>}>
      {(t) => (
        <List size="sm" spacing={2} aria-label="Why: every step it reached">
          {t.steps.map((s) => <List.Item key={s.seq}><Text span size="xs" c="dimmed">{formatShortTime(s.at)}</Text> {traceStepText(s)}</List.Item>)}
        </List>
      )}
    </QueryState>
  );
}

const COLUMNS = ['Customer', 'Step', 'Variant', 'Channel', 'Status', 'Sent / opened / clicked', 'Converted', 'Revenue', 'Why'];

function RecipientRow({ r, campaignId, currency }: { r: Recipient; campaignId: string; currency: string }) {
  const [open, setOpen] = useState(false);
  const name = recipientName(r.customer);
  return (
    <Fragment>
      <Table.Tr>
        <Table.Th scope="row" fw={400}>{name}</Table.Th>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.stepId ?? '—'}</Table.Td><Table.Td>{r.holdout ? 'held out' : (r.variant ?? '—')}</Table.Td>
        <Table.Td>{r.channel === 'sms' ? 'SMS' : r.channel === 'email' ? 'Email' : '—'}</Table.Td>
        <Table.Td>{outcomeText(r.outcome, r.reason)}</Table.Td>
        <Table.Td>{[r.sentAt, r.openedAt, r.clickedAt].map((t) => formatShortTime(t)).join(' / ')}</Table.Td>
        <Table.Td ta="right">{r.conversions}</Table.Td><Table.Td ta="right">{formatMoney(r.revenue, currency)}</Table.Td>
        <Table.Td>
          <Button size="compact-xs" variant="default" aria-expanded={open} aria-label={`Why: ${name}`} onClick={() => setOpen((o) => !o)}>{open ? 'Hide' : 'Why?'}</Button>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS.length}>
            {/* Kept in view while the table scrolls sideways (phones): the row's cells may be scrolled far right. */}
            <div style={{ position: 'sticky', left: 0, maxWidth: 'min(100%, calc(100vw - 3rem))' }}>
              <Trace campaignId={campaignId} enrollmentId={r.enrollmentId} />
            </div>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/** Who got what, a page at a time (keyset cursors kept for going back), each with its "why" trace. */
export function RecipientsSection({ campaignId, campaignName, currency }: { campaignId: string; campaignName: string; currency: string }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = useCampaignRecipients(campaignId, cursors[cursors.length - 1]);
  return (
    <ReportSection title="Recipients" description="Each enrolment with the message that tells its story (the furthest it got) and the orders credited to it."
      actions={<CsvButton campaignId={campaignId} campaignName={campaignName} table="recipients" label="every recipient" />}>
      <QueryState query={page} isEmpty={(p) => p.items.length === 0 && cursors.length === 1} empty={<Text size="sm" c="dimmed">Nobody is enrolled yet.</Text>}>
        {(p) => (
          <>
            <ScrollTable label="Recipients" minWidth={900} fz="sm" aria-busy={page.isFetching}>
              <Table.Thead><Table.Tr>{COLUMNS.map((c) => <Table.Th key={c} ta={c === 'Converted' || c === 'Revenue' ? 'right' : undefined}>{c}</Table.Th>)}</Table.Tr></Table.Thead>
              <Table.Tbody>{p.items.map((r) => <RecipientRow key={r.enrollmentId} r={r} campaignId={campaignId} currency={currency} />)}</Table.Tbody>
            </ScrollTable>
            <Group justify="space-between" mt="xs">
              <Text size="xs" c="dimmed">Page {cursors.length}</Text>
              <Group gap="xs">
                <Button size="xs" variant="default" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
                <Button size="xs" variant="default" disabled={!p.nextCursor} onClick={() => setCursors((c) => [...c, p.nextCursor ?? undefined])}>Next</Button>
              </Group>
            </Group>
          </>
        )}
      </QueryState>
    </ReportSection>
  );
}
