import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import type { Schemas } from '@localreach/api-client';
import { ApiError, problemsByField } from '../../api/api-error';
import { useUpdateBusiness } from '../../api/hooks/settings';
import { timeZones } from '../sign-up/sign-up-form';
import { businessFields, businessPatch, type BusinessFields } from './business-form';

const FIELDS: [keyof BusinessFields, string, string, boolean][] = [
  ['line1', 'Street address', 'address.line1', true], ['line2', 'Address line 2', 'address.line2', false], ['city', 'City', 'address.city', true],
  ['region', 'State / region', 'address.region', false], ['postalCode', 'Postal code', 'address.postalCode', true], ['addressCountry', 'Address country', 'address.country', true],
];

/** The business's name, zone, currency, country and address, saved with a PATCH of what changed (owners). */
export function BusinessProfileForm({ business, editable }: { business: Schemas['BusinessDto']; editable: boolean }) {
  const update = useUpdateBusiness();
  const [fields, setFields] = useState<BusinessFields>(() => businessFields(business));
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(business.timezone, Intl.supportedValuesOf('timeZone')), [business.timezone]);
  const problems = update.error instanceof ApiError ? problemsByField(update.error.details) : {};
  const set = (name: keyof BusinessFields) => (value: string) => { setSaved(false); setFields((f) => ({ ...f, [name]: value })); };
  const input = (name: keyof BusinessFields, label: string, field: string, required = true) => (
    <TextInput key={name} label={label} value={fields[name]} onChange={(e) => set(name)(e.currentTarget.value)} error={problems[field]} required={required} readOnly={!editable} />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(businessPatch(business, fields), { onSuccess: (b) => { setFields(businessFields(b)); setSaved(true); } });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="settings-business">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="settings-business">Business</Title>
          <Text size="sm" c="dimmed">Reports, quiet hours and local-time sends follow the time zone; national phone numbers are read in the country. The currency can change only until the first order.</Text>
          {input('name', 'Business name', 'name')}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label="Time zone" data={zones} value={fields.timezone} onChange={(v) => v && set('timezone')(v)} searchable error={problems.timezone} readOnly={!editable} allowDeselect={false} />
            {input('currency', 'Currency (ISO 4217)', 'currency')}
            {input('country', 'Country (ISO 3166)', 'country')}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>{FIELDS.map(([name, label, field, required]) => input(name, label, field, required))}</SimpleGrid>
          {update.error && Object.keys(problems).length === 0 && <Alert color="red" role="alert">{update.error.message}</Alert>}
          {editable && (
            <Group>
              <Button type="submit" loading={update.isPending}>Save business</Button>
              {saved && <Text size="sm" c="teal.9" role="status">Saved</Text>}
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
