import { Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of the report with its actions (CSV) on the right; a labelled region for screen readers. */
export function ReportSection({ title, description, actions, children, testId }: { title: string; description?: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={id} data-testid={testId}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs" wrap="nowrap">
        <div>
          <Title order={2} size="h4" id={id}>{title}</Title>
          {description && <Text size="xs" c="dimmed">{description}</Text>}
        </div>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}
