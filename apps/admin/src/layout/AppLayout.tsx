import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useSession } from '../session/session-context';
import { navItemsFor } from './navigation';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { me, role, signOut, apiKey } = useSession();
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });

  useEffect(close, [path, close]);
  useEffect(() => {
    if (!apiKey) void navigate({ to: '/sign-in' });
  }, [apiKey, navigate]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            {/* The brand, not a heading: each page's own title is its one h1. */}
            <Text fw={700} size="lg" component="span">
              LocalReach
            </Text>
            {me && (
              <Text size="sm" c="dimmed" truncate visibleFrom="xs" data-testid="business-name">
                {me.business.name}
              </Text>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {role && (
              <Badge variant="light" data-testid="role">
                {role}
              </Badge>
            )}
            <Button variant="subtle" size="compact-sm" onClick={() => { signOut(); void navigate({ to: '/sign-in' }); }}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          {navItemsFor(role).map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={item.to === '/' ? path === '/admin' || path === '/admin/' : path === `/admin${item.to}` || path.startsWith(`/admin${item.to}/`)} />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
