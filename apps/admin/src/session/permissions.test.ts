import { describe, expect, it } from 'vitest';
import { can } from './permissions';

describe('permissions', () => {
  it('owners do everything, marketers edit but leave settings and keys alone, analysts only read', () => {
    const table = (['owner', 'marketer', 'analyst'] as const).map((role) => [role, can(role, 'edit'), can(role, 'manageSettings'), can(role, 'manageKeys')]);
    expect(table).toEqual([
      ['owner', true, true, true],
      ['marketer', true, false, false],
      ['analyst', false, false, false],
    ]);
    expect(can(undefined, 'edit')).toBe(false);
  });
});
