import type { CampaignDefinition } from '../definition';
import { copyName, versionTimeline, type StoredVersion } from './campaign-history';

const def = { name: 'x', trigger: { type: 'customer_created' }, steps: [] } as unknown as CampaignDefinition;
const v = (version: number, at: string, enrollments = 0): StoredVersion => ({ version, definition: def, createdAt: new Date(at), enrollments });
const brief = (list: ReturnType<typeof versionTimeline>) =>
  list.map((x) => [x.version, x.activeFrom?.toISOString() ?? null, x.activeUntil?.toISOString() ?? null, x.current]);

describe('copyName', () => {
  it('appends " (copy)"', () => expect(copyName('Spring sale')).toBe('Spring sale (copy)'));
  it('cuts the original so the copy fits: 10 + 7 characters at a limit of 17', () => {
    expect(copyName('Abcdefghijklmnop', 17)).toBe('Abcdefghij (copy)');
  });
  it('does not leave a space before the suffix when the cut lands after one', () => expect(copyName('Abc defghij', 11)).toBe('Abc (copy)'));
  it('counts characters, not UTF-16 units: "🎂🎂🎂" at a limit of 9 keeps two cakes', () => expect(copyName('🎂🎂🎂', 9)).toBe('🎂🎂 (copy)'));
});

describe('versionTimeline', () => {
  const base = { activatedAt: new Date('2026-03-01T10:00:00Z'), updatedAt: new Date('2026-03-20T00:00:00Z') };

  it('a draft never activated: version 1 is current and was never active', () => {
    expect(brief(versionTimeline({ ...base, status: 'draft', version: 1, activatedAt: null }, [v(1, '2026-02-28T00:00:00Z')]))).toEqual([[1, null, null, true]]);
  });

  it('version 1 from the first activation to the save of version 2; version 2 from then on, still current', () => {
    const list = versionTimeline({ ...base, status: 'active', version: 2 }, [v(2, '2026-03-05T12:00:00Z', 3), v(1, '2026-02-28T00:00:00Z', 7)]);
    expect(brief(list)).toEqual([
      [1, '2026-03-01T10:00:00.000Z', '2026-03-05T12:00:00.000Z', false],
      [2, '2026-03-05T12:00:00.000Z', null, true],
    ]);
    expect(list.map((x) => x.enrollments)).toEqual([7, 3]);
  });

  it('a paused campaign keeps its current version open-ended; an archived one closes it at the archiving (updatedAt)', () => {
    expect(brief(versionTimeline({ ...base, status: 'paused', version: 1 }, [v(1, '2026-02-28T00:00:00Z')]))).toEqual([[1, '2026-03-01T10:00:00.000Z', null, true]]);
    expect(brief(versionTimeline({ ...base, status: 'archived', version: 1 }, [v(1, '2026-02-28T00:00:00Z')])))
      .toEqual([[1, '2026-03-01T10:00:00.000Z', '2026-03-20T00:00:00.000Z', true]]);
  });

  it('a draft archived without ever running was never active', () => {
    expect(brief(versionTimeline({ ...base, status: 'archived', version: 1, activatedAt: null }, [v(1, '2026-02-28T00:00:00Z')]))).toEqual([[1, null, null, true]]);
  });
});
