import { Alert, Anchor, Button, Group, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error';
import { useOutboxEmails, useOutboxSms, type OutboxEmail } from '../../api/hooks/outbox';
import { formatDateTime } from '../../components/formatting';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { emailPreviewDocument, textPreviewDocument } from './email-preview';

type Paged<T> = UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor: string | null }>>;

/** The list's states, and "Older" while the API has more. 404: the dev servers are not in use here. */
function PagedList<T>({ query, empty, children }: { query: Paged<T>; empty: string; children: (items: T[]) => ReactNode }) {
  if (query.error instanceof ApiError && query.error.status === 404) {
    return <Alert color="gray" title="No outbox here">The outbox lists what the loopback SMTP server and Twilio stand-in of <code>npm start</code> received. This server sends through real providers.</Alert>;
  }
  return (
    <QueryState query={query} isEmpty={(d) => d.pages.every((p) => p.items.length === 0) && !query.hasNextPage} empty={<Alert color="gray">{empty}</Alert>}>
      {(data) => (
        <Stack gap="sm">
          {children(data.pages.flatMap((p) => p.items))}
          {query.hasNextPage && <Group><Button variant="default" size="xs" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>Older</Button></Group>}
        </Stack>
      )}
    </QueryState>
  );
}

function EmailView({ email, onClose }: { email: OutboxEmail; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  // Opened from a row further down: bring it into view.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [email.id]);
  return (
    <Paper ref={ref} withBorder p="md" component="section" aria-labelledby="outbox-email-subject">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id="outbox-email-subject" style={{ overflowWrap: 'anywhere' }}>{email.subject || '(no subject)'}</Title>
          <Button variant="default" size="xs" onClick={onClose}>Close</Button>
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>From {email.from} · to {email.to} · {formatDateTime(email.receivedAt)}</Text>
        <iframe title={`Email: ${email.subject}`} sandbox="" srcDoc={email.html ? emailPreviewDocument(email.html) : textPreviewDocument(email.text)}
          style={{ width: '100%', height: 'min(560px, 70vh)', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, background: 'white' }} />
      </Stack>
    </Paper>
  );
}

function EmailTab() {
  const emails = useOutboxEmails();
  const [open, setOpen] = useState<OutboxEmail | null>(null);
  return (
    <Stack>
      {open && <EmailView email={open} onClose={() => setOpen(null)} />}
      <PagedList query={emails} empty="No emails yet. Send a campaign's test email, or let a campaign run.">
        {(items) => (
          <ScrollTable label="Emails received">
            <Table.Thead><Table.Tr><Table.Th>Subject</Table.Th><Table.Th>To</Table.Th><Table.Th>Received</Table.Th><Table.Th>From</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td miw={200}><Anchor component="button" type="button" size="sm" ta="left" onClick={() => setOpen(e)} aria-label={`Open email: ${e.subject || '(no subject)'}`}>{e.subject || '(no subject)'}</Anchor></Table.Td>
                  <Table.Td>{e.to}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.receivedAt)}</Table.Td>
                  <Table.Td>{e.from}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ScrollTable>
        )}
      </PagedList>
    </Stack>
  );
}

function SmsTab() {
  const sms = useOutboxSms();
  return (
    <PagedList query={sms} empty="No SMS yet.">
      {(items) => (
        <ScrollTable label="SMS received">
          <Table.Thead><Table.Tr><Table.Th>Message</Table.Th><Table.Th>To</Table.Th><Table.Th>Received</Table.Th><Table.Th>From</Table.Th><Table.Th>Segments</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td style={{ whiteSpace: 'pre-wrap', minWidth: 200 }}>{s.body}</Table.Td>
                <Table.Td>{s.to}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.receivedAt)}</Table.Td>
                <Table.Td>{s.from ?? '—'}</Table.Td>
                <Table.Td>{s.segments}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </PagedList>
  );
}

export function OutboxPage() {
  return (
    <>
      <PageHeader title="Outbox" description="What this machine's loopback mail server and SMS stand-in received for your business, newest first. Nothing here left the machine." />
      <Tabs defaultValue="email" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="email">Email</Tabs.Tab>
          <Tabs.Tab value="sms">SMS</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="email"><EmailTab /></Tabs.Panel>
        <Tabs.Panel value="sms"><SmsTab /></Tabs.Panel>
      </Tabs>
    </>
  );
}
