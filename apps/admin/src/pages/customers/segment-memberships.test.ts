import { describe, expect, it } from 'vitest';
import { identifierFilter, memberOf, membershipQueries, type SegmentSummary } from './segment-memberships';

const ana = { id: 'c1', externalId: null, email: 'ana@example.com', phone: '+13125550123' };
const seg = (id: string, name: string, memberCount: number | null): SegmentSummary => ({ id, name, memberCount, refreshedAt: null });

describe('segment memberships through the customer list', () => {
  it('finds the customer by externalId, else email, else phone', () => {
    expect(identifierFilter({ ...ana, externalId: 'pos-1' })).toEqual({ externalId: 'pos-1' });
    expect(identifierFilter(ana)).toEqual({ email: 'ana@example.com' });
    expect(identifierFilter({ ...ana, email: null })).toEqual({ phone: '+13125550123' });
    expect(identifierFilter({ ...ana, email: null, phone: null })).toBeNull();
  });

  it('asks once per segment that is not known to be empty', () => {
    const queries = membershipQueries(ana, [seg('s1', 'VIPs', 3), seg('s2', 'Empty', 0), seg('s3', 'Never refreshed', null)]);
    expect(queries.map((q) => q.query)).toEqual([
      { email: 'ana@example.com', segmentId: 's1', limit: 1 },
      { email: 'ana@example.com', segmentId: 's3', limit: 1 },
    ]);
  });

  it('keeps the segments whose answer lists this customer, by name', () => {
    const answers = [{ segment: seg('s1', 'VIPs', 3), ids: ['c1'] }, { segment: seg('s2', 'Lapsed', 1), ids: [] }, { segment: seg('s3', 'Locals', 9), ids: ['c1'] }];
    expect(memberOf(ana, answers).map((s) => s.name)).toEqual(['Locals', 'VIPs']);
  });
});
