import { Alert, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import type { SegmentPreview } from '../../api/hooks/segments';
import { formatCount } from '../../components/formatting';
import { displayName } from '../customers/customer-list';

/** The live count and a sample of who matches the definition as it is now (asked after a pause in typing). */
export function LivePreview({ preview, waiting }: { preview: UseQueryResult<SegmentPreview>; waiting: boolean }) {
  const busy = waiting || preview.isFetching;
  const refused = preview.error instanceof ApiError && preview.error.status === 422;
  return (
    <Paper withBorder p="md" aria-busy={busy}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">Who matches now</Title>
          {busy && <Loader size="xs" role="status" aria-label="Counting" />}
        </Group>
        {preview.isPending && <Text size="sm" c="dimmed">Counting…</Text>}
        {refused && <Alert color="red" p="xs">Fix the problems marked in the rules to see a count.</Alert>}
        {preview.isError && !refused && <Alert color="red" p="xs" role="alert">{preview.error.message}</Alert>}
        {preview.data && !refused && (
          <>
            <Text size="xl" fw={700} data-testid="live-count" aria-live="polite" c={preview.isPlaceholderData ? 'dimmed' : undefined}>
              {formatCount(preview.data.count)} {preview.data.count === 1 ? 'customer' : 'customers'}
            </Text>
            {preview.data.sample.length > 0 ? (
              <>
                <Text size="xs" c="dimmed">Sample of {preview.data.sample.length} (orange dots on the map when they have a location):</Text>
                <List size="sm" spacing={2} data-testid="preview-sample" style={{ columns: 2 }}>
                  {preview.data.sample.map((c) => <List.Item key={c.id}>{displayName(c)}</List.Item>)}
                </List>
              </>
            ) : (
              <Text size="sm" c="dimmed">No one matches yet.</Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
