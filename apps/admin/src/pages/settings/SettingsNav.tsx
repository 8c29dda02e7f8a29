import { Button, Group } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';

const TABS = [
  { to: '/settings', label: 'Settings' },
  { to: '/settings/api-keys', label: 'API keys', requires: 'manageKeys' as const },
] as const;

/** The settings pages' sub-navigation: settings, and API keys for owners. */
export function SettingsNav() {
  const { role } = useSession();
  const path = useRouterState({ select: (s) => s.location.pathname }).replace(/^\/admin/, '').replace(/\/$/, '');
  const tabs = TABS.filter((t) => !('requires' in t) || can(role, t.requires));
  if (tabs.length < 2) return null;
  return (
    <Group component="nav" aria-label="Settings pages" gap="xs" mb="md">
      {tabs.map((t) => (
        <Button key={t.to} component={Link} to={t.to} size="compact-sm" variant={path === t.to ? 'filled' : 'default'} aria-current={path === t.to ? 'page' : undefined}>
          {t.label}
        </Button>
      ))}
    </Group>
  );
}
