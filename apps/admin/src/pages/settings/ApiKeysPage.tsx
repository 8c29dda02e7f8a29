import { Alert, Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey } from '../../api/hooks/api-keys';
import { formatDateTime } from '../../components/formatting';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { ConfirmAction } from '../../components/ConfirmAction';
import { can, type Role } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { SettingsNav } from './SettingsNav';

const ROLES: { value: Role; label: string }[] = [
  { value: 'owner', label: 'Owner: everything, settings and keys included' },
  { value: 'marketer', label: 'Marketer: customers, segments, campaigns' },
  { value: 'analyst', label: 'Analyst: read only' },
];

function CreateKeyForm() {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const [secret, setSecret] = useState<string | null>(null);
  const problems = create.error instanceof ApiError ? problemsByField(create.error.details) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    create.mutate({ name: name.trim(), role }, { onSuccess: (answer) => { setSecret(answer.apiKey); setName(''); } });
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">New key</Title>
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput label="Name" description="Who or what uses it" value={name} onChange={(e) => setName(e.currentTarget.value)} error={problems.name} required miw={200} />
            <Select label="Role" data={ROLES} value={role} onChange={(v) => v && setRole(v as Role)} error={problems.role} allowDeselect={false} miw={200} />
          </Group>
          {create.error && !problems.name && !problems.role && <Alert color="red" role="alert">{create.error.message}</Alert>}
          <Group><Button type="submit" loading={create.isPending}>Create key</Button></Group>
          {secret && <ShownOnceSecret label="New API key" value={secret} />}
        </Stack>
      </form>
    </Paper>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  return (
    <ConfirmAction label="Revoke" ariaLabel={`Revoke ${apiKey.name}`} title={`Revoke "${apiKey.name}"?`} confirmLabel="Revoke key"
      consequence="Requests with this key are refused from now on. This cannot be undone."
      pending={revoke.isPending} error={revoke.error} onConfirm={(done) => revoke.mutate(apiKey.id, { onSuccess: done })} />
  );
}

export function ApiKeysPage() {
  const { role } = useSession();
  const keys = useApiKeys();
  if (!can(role, 'manageKeys')) return <Alert color="gray">Only owners manage API keys.</Alert>;
  return (
    <>
      <PageHeader title="API keys" description="Keys for people and systems that use LocalReach. Each has a role." />
      <SettingsNav />
      <Stack>
        <CreateKeyForm />
        <QueryState query={keys}>
          {({ items }) => (
            <ScrollTable label="API keys">
                <Table.Thead>
                  <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Role</Table.Th><Table.Th>Key starts</Table.Th><Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th>State</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((k) => (
                    <Table.Tr key={k.id}>
                      <Table.Td>{k.name}</Table.Td>
                      <Table.Td><Badge variant="light">{k.role}</Badge></Table.Td>
                      <Table.Td><code>{k.prefix}</code></Table.Td>
                      <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                      <Table.Td>{formatDateTime(k.lastUsedAt)}</Table.Td>
                      <Table.Td>{k.revokedAt ? <Text size="sm" c="dimmed">revoked {formatDateTime(k.revokedAt)}</Text> : <RevokeButton apiKey={k} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
            </ScrollTable>
          )}
        </QueryState>
      </Stack>
    </>
  );
}
