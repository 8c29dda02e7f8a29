import { describe, expect, it } from 'vitest';
import { changeOf, changeText, heatColor, presetPeriod } from './dashboard-figures';

describe('dashboard figures', () => {
  it('a preset is the days up to now', () => {
    expect(presetPeriod(30, new Date('2026-03-31T12:00:00Z'))).toEqual({ from: '2026-03-01T12:00:00.000Z', to: '2026-03-31T12:00:00.000Z' });
  });

  it('compares with the previous period', () => {
    expect(changeOf(125, 100)).toEqual({ ratio: 0.25, direction: 'up' });
    expect(changeOf(90, 100)).toEqual({ ratio: -0.1, direction: 'down' });
    expect(changeOf(5, 0)).toEqual({ ratio: null, direction: 'up' });
    expect(changeOf(0, 0)).toEqual({ ratio: null, direction: 'same' });
    expect(changeOf(null, 2)).toEqual({ ratio: null, direction: 'same' });
    // ROI going from −50 % to +50 % is a rise of 2× the old magnitude.
    expect(changeOf(0.5, -0.5)).toEqual({ ratio: 2, direction: 'up' });
  });

  it('says the change in words', () => {
    expect(changeText({ ratio: 0.25, direction: 'up' }, 'en-US')).toBe('+25%');
    expect(changeText({ ratio: -0.1, direction: 'down' }, 'en-US')).toBe('−10%');
    expect(changeText({ ratio: null, direction: 'up' }, 'en-US')).toBe('new');
    expect(changeText({ ratio: null, direction: 'same' }, 'en-US')).toBe('same');
  });

  it('colours retention from white to a mid teal that dark text reads on', () => {
    expect(heatColor(0)).toEqual({ background: 'rgb(255, 255, 255)', color: '#212529' });
    expect(heatColor(1)).toEqual({ background: 'rgb(56, 217, 169)', color: '#212529' });
    expect(heatColor(0.5)).toEqual({ background: 'rgb(156, 236, 212)', color: '#212529' });
    expect(heatColor(2)).toEqual(heatColor(1));
  });
});
