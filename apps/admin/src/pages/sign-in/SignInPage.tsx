import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { keyFromFragment, looksLikeApiKey } from '../../session/session';
import { useSession } from '../../session/session-context';

export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const search = useSearch({ from: '/sign-in' });
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const linkTried = useRef(false);

  async function submit(candidate: string) {
    setError(null);
    if (!looksLikeApiKey(candidate)) {
      setError('An API key starts with lr_ and has no spaces');
      return;
    }
    setBusy(true);
    try {
      await signIn(candidate);
      await navigate({ to: search.redirect ?? '/' });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'This key is unknown or revoked' : e instanceof ApiError ? e.message : 'Could not sign in');
    } finally {
      setBusy(false);
    }
  }

  // A sign-in link (#key=lr_…): the fragment never reaches a server; it is removed from the address at once.
  useEffect(() => {
    if (linkTried.current) return;
    linkTried.current = true;
    const fromLink = keyFromFragment(window.location.hash);
    if (!fromLink) return;
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    void submit(fromLink);
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(key);
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={420}>
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">Sign in to LocalReach</Title>
              <Text size="sm" c="dimmed">Use an API key of your business. It stays in this browser tab only.</Text>
            </div>
            <PasswordInput label="API key" placeholder="lr_…" value={key} onChange={(e) => setKey(e.currentTarget.value)} error={error} autoComplete="off" required data-autofocus />
            <Button type="submit" loading={busy}>Sign in</Button>
            {error === null && busy && <Alert color="gray">Checking the key…</Alert>}
            <Text size="sm">
              New here? <Anchor component={Link} to="/sign-up">Create a business</Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
