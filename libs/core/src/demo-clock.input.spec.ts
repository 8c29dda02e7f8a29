import { AdvanceClockInput, positiveDurationMs } from './demo-clock.input';
import { checkInput } from './validation/input-class';

describe('AdvanceClockInput', () => {
  it('takes a positive ISO-8601 duration', () => {
    expect(positiveDurationMs('PT1M')).toBe(60_000);
    expect(positiveDurationMs('P3D')).toBe(3 * 86_400_000);
    expect(positiveDurationMs('P1DT0.5S')).toBe(86_400_500);
    for (const by of ['soon', '-P1D', 'PT0S', '', 12, null]) expect(positiveDurationMs(by)).toBeUndefined();
  });

  it('names `by` when it is anything else', () => {
    expect(checkInput(AdvanceClockInput, { by: 'P3D' }).ok).toBe(true);
    expect(checkInput(AdvanceClockInput, { by: '-P1D', and: 1 })).toEqual({
      ok: false,
      problems: [{ field: 'and', message: 'is not a known field' }, { field: 'by', message: 'must be a positive ISO-8601 duration such as PT1H or P3D' }],
    });
  });
});
