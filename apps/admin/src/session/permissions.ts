/** What a key's role may do, as the API enforces it (apps/api/src/common/auth.ts): the UI hides what would be refused. */
export type Role = 'owner' | 'marketer' | 'analyst';

export type Action =
  /** Create, change or delete customers, segments, stores, geofences, campaigns, templates; import. */
  | 'edit'
  /** Business settings and senders. */
  | 'manageSettings'
  /** Create and revoke API keys. */
  | 'manageKeys';

const ALLOWED: Record<Role, readonly Action[]> = {
  owner: ['edit', 'manageSettings', 'manageKeys'],
  marketer: ['edit'],
  analyst: [],
};

export function can(role: Role | undefined, action: Action): boolean {
  return role !== undefined && ALLOWED[role].includes(action);
}
