import { Alert, Anchor, Button, Center, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { apiClient, unwrap } from '../../api/client';
import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { useSession } from '../../session/session-context';
import { signUpBody, timeZones, type SignUpFields } from './sign-up-form';

const ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function SignUpForm({ onCreated }: { onCreated: (apiKey: string) => void }) {
  const zones = useMemo(() => timeZones(ownZone, Intl.supportedValuesOf('timeZone')), []);
  const [fields, setFields] = useState<SignUpFields>({ name: '', timezone: ownZone, currency: 'USD', country: 'US', line1: '', line2: '', city: '', region: '', postalCode: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Editing a field clears the problem the API reported for it.
  const set = (name: keyof SignUpFields, field: string = name) => (value: string) => {
    setFields((f) => ({ ...f, [name]: value }));
    setProblems(({ [field]: _cleared, ...rest }) => rest);
  };
  const input = (name: keyof SignUpFields, label: string, field: string = name, required = true) => (
    <TextInput label={label} value={fields[name]} onChange={(e) => set(name, field)(e.currentTarget.value)} error={problems[field]} required={required} />
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblems({});
    setFailure(null);
    try {
      const answer = await unwrap(apiClient(null).POST('/v1/businesses', { body: signUpBody(fields) }));
      onCreated(answer.apiKey);
    } catch (e) {
      const fieldProblems = e instanceof ApiError ? problemsByField(e.details) : {};
      setProblems(fieldProblems);
      setFailure(Object.keys(fieldProblems).length > 0 ? 'Some fields need a change: see below.' : e instanceof ApiError ? e.message : 'Could not create the business');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <div>
          <Title order={1} size="h2">Create your business</Title>
          <Text size="sm" c="dimmed">You get an owner API key; sign in with it here or use it with the API.</Text>
        </div>
        {failure && <Alert color="red" role="alert">{failure}</Alert>}
        {input('name', 'Business name')}
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Select label="Time zone" data={zones} value={fields.timezone} onChange={(v) => v && set('timezone')(v)} searchable error={problems.timezone} required />
          {input('currency', 'Currency (ISO 4217)')}
          {input('country', 'Country (ISO 3166)')}
        </SimpleGrid>
        {input('line1', 'Street address', 'address.line1')}
        {input('line2', 'Address line 2', 'address.line2', false)}
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          {input('city', 'City', 'address.city')}
          {input('region', 'State / region', 'address.region', false)}
          {input('postalCode', 'Postal code', 'address.postalCode')}
        </SimpleGrid>
        <Button type="submit" loading={busy}>Create business</Button>
        <Text size="sm">
          Already have a key? <Anchor component={Link} to="/sign-in">Sign in</Anchor>
        </Text>
      </Stack>
    </form>
  );
}

export function SignUpPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [created, setCreated] = useState<string | null>(null);

  async function continueSignedIn() {
    if (!created) return;
    await signIn(created);
    await navigate({ to: '/' });
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={560}>
        {created ? (
          <Stack>
            <Title order={1} size="h2">Your business is ready</Title>
            <ShownOnceSecret label="Owner API key" value={created} />
            <Button onClick={() => void continueSignedIn()}>Continue to the admin</Button>
          </Stack>
        ) : (
          <SignUpForm onCreated={setCreated} />
        )}
      </Paper>
    </Center>
  );
}
