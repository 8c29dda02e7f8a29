import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/api-error';
import { useTestSend } from './campaign-editor-hooks';

/** Sends the saved version of one email or SMS step to an address or number, and says what happened. */
export function TestSendForm({ campaignId, stepId, channel, unsaved }: { campaignId: string; stepId: string; channel: 'email' | 'sms'; unsaved: boolean }) {
  const [to, setTo] = useState('');
  const send = useTestSend(campaignId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({ stepId, to: to.trim() });
  };
  const problem = send.error instanceof ApiError ? send.error.problemAt('to') ?? send.error.problemAt('stepId') : undefined;
  const result = send.data;
  return (
    <form onSubmit={submit} noValidate aria-label="Test send">
      <Stack gap="xs">
        <TextInput label={channel === 'email' ? 'Send a test to this email address' : 'Send a test to this phone number'} placeholder={channel === 'email' ? 'me@example.com' : '+13125550100'}
          value={to} onChange={(e) => setTo(e.currentTarget.value)} error={problem} />
        {unsaved && <Text size="xs" c="dimmed">The test sends the saved version of this step; save first to test your changes.</Text>}
        <Group><Button type="submit" size="xs" variant="light" loading={send.isPending} disabled={to.trim() === ''}>Send test</Button></Group>
        {send.error && !problem && <Alert color="red" role="alert">{send.error.message}</Alert>}
        {result && (
          <Alert color={result.status === 'sent' ? 'green' : 'red'} role="status" data-testid="test-send-result">
            {result.status === 'sent' ? `Sent to ${result.to}` : `Not sent to ${result.to}: ${result.error ?? result.errorCode ?? 'refused'}`}
            {result.subject ? ` — “${result.subject}”` : ''}. {result.remaining} test sends left this hour.
          </Alert>
        )}
      </Stack>
    </form>
  );
}
