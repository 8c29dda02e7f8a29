import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useUpdateCustomer, type Customer } from '../../api/hooks/customers';
import { addressLine } from '../stores/store-form';
import { CONTACT_FIELD_PATHS, contactFieldsOf, contactPatch, type ContactFields } from './customer-form';

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

const LABELS: Record<keyof ContactFields, string> = {
  firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', externalId: 'External id', birthday: 'Birthday', timezone: 'Time zone',
  line1: 'Street address', line2: 'Address line 2', city: 'City', region: 'Region', postalCode: 'Postal code', country: 'Country',
};
const HINTS: Partial<Record<keyof ContactFields, string>> = { birthday: 'YYYY-MM-DD', timezone: 'e.g. America/Chicago; empty: the business\'s', phone: 'E.164 or national' };

function ContactForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const update = useUpdateCustomer(customer.id);
  const before = contactFieldsOf(customer);
  const [fields, setFields] = useState<ContactFields>(before);
  const problems = update.error instanceof ApiError ? problemsByField(update.error.details) : {};
  const shown = Object.values(CONTACT_FIELD_PATHS).some((p) => p in problems);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = contactPatch(before, fields);
    if (Object.keys(body).length === 0) return onDone();
    update.mutate(body, { onSuccess: onDone });
  };
  const input = (name: keyof ContactFields) => (
    <TextInput key={name} label={LABELS[name]} description={HINTS[name]} value={fields[name]} error={problems[CONTACT_FIELD_PATHS[name]]}
      onChange={(e) => { const value = e.currentTarget.value; setFields((f) => ({ ...f, [name]: value })); }} />
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Contact details">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {(Object.keys(LABELS) as (keyof ContactFields)[]).map(input)}
        </SimpleGrid>
        {update.error && !shown && <Alert color="red" role="alert">{update.error.message}</Alert>}
        <Group>
          <Button type="submit" loading={update.isPending}>Save contact</Button>
          <Button variant="default" onClick={onDone}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ContactCard({ customer, editable }: { customer: Customer; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">Contact</Title>
        {editable && !editing && <Button size="compact-sm" variant="light" onClick={() => setEditing(true)} aria-label="Edit contact">Edit</Button>}
      </Group>
      {editing ? <ContactForm customer={customer} onDone={() => setEditing(false)} /> : (
        <Stack gap="xs">
          <Field label="Email">{customer.email ?? '—'}</Field>
          <Field label="Phone">{customer.phone ?? '—'}</Field>
          <Field label="Birthday">{customer.birthday ?? '—'}</Field>
          <Field label="Address">{addressLine(customer.address)}</Field>
          <Field label="Time zone">{customer.timezone ?? 'the business\'s'}</Field>
          <Field label="External id">{customer.externalId ?? '—'}</Field>
        </Stack>
      )}
    </Card>
  );
}
