import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useResendSenderConfirmation, type BusinessSettings } from '../../api/hooks/settings';
import { formatDateTime } from '../../components/formatting';
import { confirmationSummary, resendRefusal } from './settings-form';

const TONE_COLOR = { ok: 'teal', waiting: 'yellow', problem: 'red', none: 'gray' } as const;
const TONE_LABEL = { ok: 'confirmed', waiting: 'pending', problem: 'not sent', none: 'default sender' } as const;


/** The stored From address's confirmation: pending since, sent, expiry, confirmed at or the send error; owners can mail the link again. */
export function SenderEmailStatus({ settings, editable }: { settings: BusinessSettings; editable: boolean }) {
  const resend = useResendSenderConfirmation();
  const { confirmation, fromAddress } = settings.sender.email;
  const summary = confirmationSummary(confirmation);
  return (
    <Stack gap={6} data-testid="sender-confirmation">
      <Group gap="xs">
        <Text size="sm" fw={600}>Confirmation{fromAddress ? ` of ${fromAddress}` : ''}</Text>
        <Badge color={TONE_COLOR[summary.tone]} variant="light">{TONE_LABEL[summary.tone]}</Badge>
      </Group>
      <Text size="sm">{summary.text}</Text>
      {confirmation?.status === 'pending' && (
        <Text size="sm" c="dimmed">
          Pending since {formatDateTime(confirmation.pendingSince)} · last link mailed {formatDateTime(confirmation.sentAt)} · works until {formatDateTime(confirmation.expiresAt)}
        </Text>
      )}
      {confirmation?.status === 'confirmed' && <Text size="sm" c="dimmed">Confirmed at {formatDateTime(confirmation.confirmedAt)}</Text>}
      {editable && confirmation?.status === 'pending' && (
        <Group>
          <Button size="xs" variant="default" loading={resend.isPending} onClick={() => resend.mutate()}>Re-send confirmation</Button>
          {resend.isSuccess && <Text size="sm" role="status">A new link was mailed to {fromAddress}; the previous one no longer works.</Text>}
        </Group>
      )}
      {resend.isError && <Alert color="red" role="alert">{resendRefusal(resend.error)}</Alert>}
    </Stack>
  );
}
