import { describe, expect, it } from 'vitest';
import { memberCountText, refreshState } from './segment-list';

describe('segment list', () => {
  const at = '2026-03-01T15:30:00Z';

  it('says where the membership stands', () => {
    expect(refreshState({ refreshedAt: null, refreshPending: true, refreshError: null }).label).toBe('First count running');
    expect(refreshState({ refreshedAt: at, refreshPending: true, refreshError: null }).label).toBe('Refreshing');
    expect(refreshState({ refreshedAt: at, refreshPending: false, refreshError: null })).toMatchObject({ label: 'Up to date', color: 'green' });
    // A failure says so even when an older count exists.
    expect(refreshState({ refreshedAt: at, refreshPending: false, refreshError: 'statement timeout' })).toEqual({ label: 'Refresh failed', color: 'red', detail: 'statement timeout' });
  });

  it('counts members in words', () => {
    expect(memberCountText(null)).toBe('—');
    expect(memberCountText(1, 'en-US')).toBe('1 member');
    expect(memberCountText(1234, 'en-US')).toBe('1,234 members');
  });
});
