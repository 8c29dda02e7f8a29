import { Alert, Button, Group, List, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../../api/api-error';
import { useAudience, useCampaignTransition, type Campaign } from '../../../api/hooks/campaigns';
import { useSettings } from '../../../api/hooks/settings';
import { can } from '../../../session/permissions';
import { useSession } from '../../../session/session-context';
import { audienceInWords } from './audience-words';
import { actionLabel, actionsFor, consequence, refusalLines, type CampaignAction } from './lifecycle';
import { channelsOf, sendTiming, type TimingTrigger } from './send-timing';

type LifecycleCampaign = Pick<Campaign, 'id' | 'name' | 'status' | 'definition'>;

/** Activate (or resume), pause and archive, each behind a confirmation; nothing for roles that may not edit. */
export function CampaignLifecycleActions({ campaign, size = 'xs' }: { campaign: LifecycleCampaign; size?: 'xs' | 'sm' }) {
  const { role } = useSession();
  const [open, setOpen] = useState<CampaignAction | null>(null);
  if (!can(role, 'edit')) return null;
  return (
    <Group gap={6}>
      {actionsFor(campaign.status).map((action) => (
        <Button key={action} size={`compact-${size}`} variant={action === 'activate' ? 'filled' : 'light'} color={action === 'archive' ? 'red' : undefined}
          aria-label={`${actionLabel(action, campaign.status)} ${campaign.name}`} onClick={() => setOpen(action)}>
          {actionLabel(action, campaign.status)}
        </Button>
      ))}
      {open && <TransitionDialog campaign={campaign} action={open} onClose={() => setOpen(null)} />}
    </Group>
  );
}

function TransitionDialog({ campaign, action, onClose }: { campaign: LifecycleCampaign; action: CampaignAction; onClose: () => void }) {
  const transition = useCampaignTransition(action);
  const label = actionLabel(action, campaign.status);
  const refusal = transition.error ? refusalLines(transition.error instanceof ApiError ? transition.error : { message: transition.error.message }) : null;
  return (
    <Modal opened onClose={onClose} title={`${label} “${campaign.name}”?`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        <Text size="sm">{consequence(action, campaign.status)}</Text>
        {action === 'activate' && <WhoAndWhen campaign={campaign} />}
        {refusal && (
          <Alert color="red" role="alert" title={`Not ${action === 'activate' ? 'activated' : `${action}d`}`}>
            <Text size="sm">{refusal.message}</Text>
            {refusal.problems.length > 0 && <List size="sm">{refusal.problems.map((p) => <List.Item key={p}>{p}</List.Item>)}</List>}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button color={action === 'archive' ? 'red' : undefined} loading={transition.isPending} onClick={() => transition.mutate(campaign.id, { onSuccess: onClose })}>
            {label}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Who will get it (the audience estimate, or the trigger in words) and when, in their local time, with warnings. */
function WhoAndWhen({ campaign }: { campaign: LifecycleCampaign }) {
  const { me } = useSession();
  const audience = useAudience(campaign.id);
  const settings = useSettings();
  const definition = campaign.definition;
  const timing = settings.data && me
    ? sendTiming(definition.trigger as TimingTrigger, channelsOf(definition.steps), { now: new Date(), businessZone: me.business.timezone, quietHours: settings.data.quietHours })
    : null;
  const who = audience.data ? audienceInWords(audience.data) : null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">Who</Title>
      {audience.isPending && <Loader size="xs" role="status" aria-label="Counting the audience" />}
      {audience.isError && <Alert color="red" role="alert">{audience.error.message}</Alert>}
      {who && (
        <div data-testid="audience-estimate">
          <Text fw={600} size="sm" data-testid="audience-headline">{who.headline}</Text>
          <List size="sm">{who.lines.map((l) => <List.Item key={l}>{l}</List.Item>)}</List>
        </div>
      )}
      <Title order={3} size="h5">When</Title>
      {timing ? (
        <div data-testid="send-timing">
          <Text size="sm">{timing.when}</Text>
          {timing.notes.map((n) => <Text key={n} size="xs" c="dimmed">{n}</Text>)}
          {timing.warnings.map((w) => <Alert key={w} color="yellow" mt={4} p="xs" role="note" aria-label="Timing warning"><Text size="sm">{w}</Text></Alert>)}
        </div>
      ) : <Loader size="xs" role="status" aria-label="Reading quiet hours" />}
    </Stack>
  );
}
