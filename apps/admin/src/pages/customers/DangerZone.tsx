import { Alert, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useCustomerExport, useEraseCustomer, type Customer } from '../../api/hooks/customers';
import { saveBlob } from '../../components/download';
import { confirmsErase, erasePhrase } from './customer-form';

function EraseDialog({ customer, name, onClose }: { customer: Customer; name: string; onClose: () => void }) {
  const erase = useEraseCustomer(customer.id);
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const phrase = erasePhrase(customer, name);
  return (
    <Modal opened onClose={onClose} title={`Erase ${name}?`}>
      <Stack>
        <Text size="sm">Their personal data is removed for good; anonymised totals (revenue, message counts) stay. This cannot be undone. Export first if they asked for a copy.</Text>
        <TextInput label={`Type ${phrase} to confirm`} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" data-autofocus />
        {erase.error && <Alert color="red" role="alert">{erase.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button color="red" disabled={!confirmsErase(typed, phrase)} loading={erase.isPending}
            onClick={() => erase.mutate(undefined, { onSuccess: () => void navigate({ to: '/customers' }) })}>Erase customer</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The customer's data as a file (GDPR access) and, for roles that may edit, erasing them. */
export function DangerZone({ customer, name, canErase }: { customer: Customer; name: string; canErase: boolean }) {
  const exporter = useCustomerExport(customer.id);
  const [erasing, setErasing] = useState(false);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">Their data</Title>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">Everything held about them as a JSON file (an access request), or erase them (a deletion request).</Text>
        <Group gap="xs">
          <Button variant="default" loading={exporter.isPending} onClick={() => exporter.mutate(undefined, { onSuccess: (blob) => saveBlob(blob, `customer-${customer.id}.json`) })}>Export as JSON</Button>
          {canErase && <Button color="red" variant="light" onClick={() => setErasing(true)}>Erase…</Button>}
        </Group>
        {exporter.error && <Alert color="red" role="alert">{exporter.error.message}</Alert>}
      </Stack>
      {erasing && <EraseDialog customer={customer} name={name} onClose={() => setErasing(false)} />}
    </Card>
  );
}
