import { can, type Action, type Role } from '../session/permissions';

export interface NavItem {
  to: string;
  label: string;
  /** Shown only to roles that may do this. */
  requires?: Action;
}

/** The pages in the side navigation, in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/reports/fairness', label: 'Fairness' },
  { to: '/customers', label: 'Customers' },
  { to: '/segments', label: 'Segments' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/templates', label: 'Templates' },
  { to: '/geofences', label: 'Geofences' },
  { to: '/stores', label: 'Stores' },
  { to: '/settings', label: 'Settings' },
  { to: '/outbox', label: 'Outbox (dev)', requires: 'edit' },
];

export function navItemsFor(role: Role | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.requires || can(role, item.requires));
}
