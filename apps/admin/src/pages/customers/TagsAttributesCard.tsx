import { ActionIcon, Alert, Badge, Button, Card, Group, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useUpdateCustomer, type Customer, type CustomerPatch } from '../../api/hooks/customers';
import { attributeRowsOf, attributesPatch, attributeText, tagList, type AttributeRow } from './customer-form';

function AttributeRows({ rows, setRows, problems }: { rows: AttributeRow[]; setRows: (f: (rows: AttributeRow[]) => AttributeRow[]) => void; problems: Record<string, string> }) {
  const set = (i: number, part: keyof AttributeRow, value: string) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [part]: value } : r)));
  return (
    <Stack gap="xs">
      {rows.map((r, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput size="xs" style={{ flex: 1 }} label={`Attribute ${i + 1} name`} value={r.key} onChange={(e) => set(i, 'key', e.currentTarget.value)} error={problems[`attributes.${r.key.trim()}`]} />
          <TextInput size="xs" style={{ flex: 1 }} label={`Attribute ${i + 1} value`} value={r.value} onChange={(e) => set(i, 'value', e.currentTarget.value)} />
          <ActionIcon mt={22} variant="subtle" color="red" aria-label={`Remove attribute ${r.key || i + 1}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>×</ActionIcon>
        </Group>
      ))}
      <Group><Button size="compact-xs" variant="light" onClick={() => setRows((rs) => [...rs, { key: '', value: '' }])}>Add attribute</Button></Group>
      <Text size="xs" c="dimmed">Numbers, true/false and JSON are stored as such; anything else as text.</Text>
    </Stack>
  );
}

function TagsAttributesForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const update = useUpdateCustomer(customer.id);
  const [tags, setTags] = useState<string[]>(customer.tags);
  const [rows, setRows] = useState<AttributeRow[]>(attributeRowsOf(customer.attributes));
  const problems = update.error instanceof ApiError ? problemsByField(update.error.details) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CustomerPatch = {};
    const nextTags = tagList(tags);
    if (JSON.stringify(nextTags) !== JSON.stringify(customer.tags)) body.tags = nextTags;
    const attributes = attributesPatch(customer.attributes, rows);
    if (attributes) body.attributes = attributes;
    if (Object.keys(body).length === 0) return onDone();
    update.mutate(body, { onSuccess: onDone });
  };
  const shown = 'tags' in problems || rows.some((r) => `attributes.${r.key.trim()}` in problems);
  return (
    <form onSubmit={submit} noValidate aria-label="Tags and attributes">
      <Stack gap="sm">
        <TagsInput label="Tags" description="Enter or comma after each tag" value={tags} onChange={setTags} error={problems.tags} splitChars={[',']} clearable clearButtonProps={{ 'aria-label': 'Remove every tag' }} />
        <AttributeRows rows={rows} setRows={setRows} problems={problems} />
        {update.error && !shown && <Alert color="red" role="alert">{problems.attributes ?? update.error.message}</Alert>}
        <Group>
          <Button type="submit" loading={update.isPending}>Save tags and attributes</Button>
          <Button variant="default" onClick={onDone}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}

function TagsAttributesView({ customer }: { customer: Customer }) {
  const attributes = Object.entries(customer.attributes);
  return (
    <Stack gap="xs">
      <Title order={3} size="h6">Tags</Title>
      <Group gap={4}>{customer.tags.length === 0 ? <Text size="sm" c="dimmed">none</Text> : customer.tags.map((t) => <Badge key={t} variant="light">{t}</Badge>)}</Group>
      <Title order={3} size="h6">Attributes</Title>
      {attributes.length === 0 ? <Text size="sm" c="dimmed">none</Text> : (
        <Table>
          <Table.Tbody>
            {attributes.map(([k, v]) => <Table.Tr key={k}><Table.Th scope="row">{k}</Table.Th><Table.Td style={{ wordBreak: 'break-word' }}>{attributeText(v)}</Table.Td></Table.Tr>)}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function TagsAttributesCard({ customer, editable }: { customer: Customer; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">Tags and attributes</Title>
        {editable && !editing && <Button size="compact-sm" variant="light" onClick={() => setEditing(true)} aria-label="Edit tags and attributes">Edit</Button>}
      </Group>
      {editing ? <TagsAttributesForm customer={customer} onDone={() => setEditing(false)} /> : <TagsAttributesView customer={customer} />}
    </Card>
  );
}
