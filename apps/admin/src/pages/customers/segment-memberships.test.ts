import { describe, expect, it } from 'vitest';
import { currentMemberships, type SegmentChange } from './segment-memberships';

const change = (at: string, kind: 'entered' | 'exited', segmentId: string | null, segmentName: string | null): SegmentChange => ({ at, segment: { change: kind, segmentId, segmentName } });

describe('current segment memberships', () => {
  it('keeps segments whose latest change is an entry, whatever order the changes come in', () => {
    const changes = [
      change('2026-03-01T10:00:00Z', 'exited', 's1', 'Lapsed'),
      change('2026-01-01T10:00:00Z', 'entered', 's1', 'Lapsed'),
      change('2026-02-01T10:00:00Z', 'entered', 's2', 'VIPs'),
      change('2026-02-05T10:00:00Z', 'entered', 's3', 'Near the Elm St store'),
      change('2026-01-05T10:00:00Z', 'exited', 's3', 'Near the Elm St store'),
    ];
    expect(currentMemberships(changes)).toEqual([
      { segmentId: 's3', name: 'Near the Elm St store', since: '2026-02-05T10:00:00Z' },
      { segmentId: 's2', name: 'VIPs', since: '2026-02-01T10:00:00Z' },
    ]);
  });

  it('leaves out deleted segments and changes that name no segment', () => {
    expect(currentMemberships([change('2026-01-01T00:00:00Z', 'entered', 's9', null), change('2026-01-01T00:00:00Z', 'entered', null, null)])).toEqual([]);
  });
});
