import { Badge, Button, Drawer, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatCount, formatDateTime } from '../../../components/formatting';
import { QueryState } from '../../../components/QueryState';
import { useCampaignVersions, type CampaignVersion } from '../../../api/hooks/campaigns';

function VersionCard({ version }: { version: CampaignVersion }) {
  const steps = (version.definition as { steps?: unknown[] }).steps?.length ?? 0;
  const active = version.activeFrom === null ? 'Never active' : `Active ${formatDateTime(version.activeFrom)} – ${version.activeUntil === null ? 'now' : formatDateTime(version.activeUntil)}`;
  return (
    <Paper withBorder p="sm" component="li" data-testid="campaign-version">
      <Group gap="xs">
        <Text fw={700}>Version {version.version}</Text>
        {version.current && <Badge size="sm" color="blue">current</Badge>}
      </Group>
      <Text size="sm">Saved {formatDateTime(version.createdAt)} · {steps} step{steps === 1 ? '' : 's'}</Text>
      <Text size="sm">{active}</Text>
      <Text size="sm">{formatCount(version.enrollments)} enrolled on this version</Text>
    </Paper>
  );
}

/** The campaign's versions, newest first, in a drawer: a running campaign's edit is a new version, and enrolments finish on theirs. */
export function VersionHistory({ campaignId }: { campaignId: string }) {
  const [open, setOpen] = useState(false);
  const versions = useCampaignVersions(open ? campaignId : undefined);
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>Version history</Button>
      <Drawer opened={open} onClose={() => setOpen(false)} title="Version history" position="right" closeButtonProps={{ 'aria-label': 'Close version history' }}>
        <Text size="sm" c="dimmed" mb="sm">Editing a campaign that has run saves a new version; customers already in the journey finish on the version they started.</Text>
        <QueryState query={versions}>
          {({ items }) => (
            <Stack component="ol" gap="xs" p={0} style={{ listStyle: 'none' }}>
              {[...items].reverse().map((v) => <VersionCard key={v.version} version={v} />)}
            </Stack>
          )}
        </QueryState>
      </Drawer>
    </>
  );
}
