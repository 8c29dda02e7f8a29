import { Alert, Badge, Group, Loader, Paper, SegmentedControl, Select, Stack, Tabs, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useCustomerSearch } from '../../api/hooks/customers';
import { useSettings } from '../../api/hooks/settings';
import type { EmailPreview, SmsPreview, TemplatePreview } from '../../api/hooks/templates';
import { useSession } from '../../session/session-context';
import { displayName } from '../customers/customer-list';
import { smsCostText } from './template-draft';

const WIDTHS = { desktop: 640, phone: 375 } as const;

/** Preview for the sample customer or one of the business's (the 25 most recent). */
export function CustomerChoice({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const customers = useCustomerSearch({ sort: 'createdAt', order: 'desc' });
  const data = [{ value: '', label: 'Sample customer (Jamie Rivera)' }, ...(customers.data?.pages[0]?.items ?? []).map((c) => ({ value: c.id, label: displayName(c) }))];
  return <Select label="Preview for" data={data} value={value ?? ''} onChange={(v) => onChange(v ? v : null)} allowDeselect={false} searchable />;
}

function EmailPreviewView({ preview }: { preview: EmailPreview }) {
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  return (
    <Tabs defaultValue="html">
      <Tabs.List>
        <Tabs.Tab value="html">Email</Tabs.Tab>
        <Tabs.Tab value="text">Plain text</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="html" pt="xs">
        <Stack gap="xs">
          <Text size="sm"><b>Subject:</b> <span data-testid="preview-subject">{preview.subject}</span></Text>
          <SegmentedControl size="xs" aria-label="Preview width" value={width} onChange={(v) => setWidth(v as keyof typeof WIDTHS)} data={[{ value: 'desktop', label: 'Desktop' }, { value: 'phone', label: 'Phone' }]} />
          {/* sandbox="": the rendered email runs no script and reaches nothing. */}
          <iframe title="Email preview" sandbox="" srcDoc={preview.html} data-testid="preview-frame" style={{ width: WIDTHS[width], maxWidth: '100%', height: 520, border: '1px solid var(--mantine-color-gray-4)', background: '#fff' }} />
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="text" pt="xs">
        <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="preview-text">{preview.text}</Text>
      </Tabs.Panel>
    </Tabs>
  );
}

function SmsPreviewView({ preview }: { preview: SmsPreview }) {
  const settings = useSettings();
  const { me } = useSession();
  const perSegment = settings.data?.costs.smsSegment;
  return (
    <Stack gap="xs">
      <Paper withBorder p="sm" radius="lg" bg="gray.0" maw={360}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="preview-body">{preview.body}</Text>
      </Paper>
      <Group gap="xs" data-testid="sms-counter">
        <Badge variant="light" color="gray">{Array.from(preview.body).length} characters</Badge>
        <Badge variant="light" color="gray" title={preview.encoding === 'GSM-7' ? 'Standard SMS alphabet: 160 characters per segment' : 'Unicode (e.g. an emoji): 70 characters per segment'}>{preview.encoding}</Badge>
        <Badge variant="light" color="blue" data-testid="sms-segments">{preview.segments} segment{preview.segments === 1 ? '' : 's'}</Badge>
      </Group>
      {perSegment !== undefined && <Text size="sm" data-testid="sms-cost">{smsCostText(preview.segments, perSegment, me?.business.currency ?? 'USD')}</Text>}
      <Text size="xs" c="dimmed">Counted on the text as rendered for this customer; the first SMS to a customer also gets “Reply STOP to opt out.”</Text>
    </Stack>
  );
}

/** The API's rendering of the sources on screen; its problems are shown at the editors, not here. */
export function PreviewPane({ preview, waiting }: { preview: UseQueryResult<TemplatePreview>; waiting: boolean }) {
  const refused = preview.error instanceof ApiError && preview.error.status === 422;
  return (
    <Paper withBorder p="md" aria-busy={waiting || preview.isFetching}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Preview</Text>
        {(waiting || preview.isFetching) && <Loader size="xs" aria-label="Updating the preview" />}
      </Group>
      {refused && <Alert color="orange" mb="xs">The template has problems (shown at their lines); the preview shows the last version that rendered.</Alert>}
      {preview.isError && !refused && <Alert color="red" role="alert">{preview.error instanceof ApiError ? preview.error.message : 'The preview failed'}</Alert>}
      {preview.data && ('body' in preview.data ? <SmsPreviewView preview={preview.data} /> : <EmailPreviewView preview={preview.data} />)}
    </Paper>
  );
}
