import { describe, expect, it } from 'vitest';
import { evenWeight, nextVariantName, percentText, weightPercents, withAddedBranch, withEvenWeights } from './split-weights';

describe('split weights', () => {
  it('shows weights as shares of their sum', () => {
    expect(weightPercents([{ weight: 50 }, { weight: 50 }])).toEqual([50, 50]);
    expect(weightPercents([{ weight: 1 }, { weight: 3 }])).toEqual([25, 75]);
    // 1/3 = 33.33…%, 2/3 = 66.66…%.
    expect(weightPercents([{ weight: 1 }, { weight: 2 }])).toEqual([33.3, 66.7]);
    expect(weightPercents([{ weight: 90 }, { weight: 0 }, { weight: '1.' }, { weight: 10 }])).toEqual([90, null, null, 10]);
    expect(percentText(33.3)).toBe('33.3 %');
    expect(percentText(null)).toBe('—');
  });

  it('even weights read as percentages', () => {
    expect([2, 3, 4, 6, 7].map(evenWeight)).toEqual([50, 33.3, 25, 16.7, 14.3]);
    expect(withEvenWeights([{ name: 'A', weight: 80, next: 'a' }, { name: 'B', weight: 20, next: 'b' }])).toEqual([{ name: 'A', weight: 50, next: 'a' }, { name: 'B', weight: 50, next: 'b' }]);
  });

  it('adding a branch keeps even splits even and uneven weights as they are', () => {
    const even = [{ name: 'A', weight: 50, next: 'a' }, { name: 'B', weight: 50, next: 'b' }];
    expect(withAddedBranch(even, 'c')).toEqual([{ name: 'A', weight: 33.3, next: 'a' }, { name: 'B', weight: 33.3, next: 'b' }, { name: 'C', weight: 33.3, next: 'c' }]);
    const uneven = [{ name: 'A', weight: 80, next: 'a' }, { name: 'B', weight: 20, next: 'b' }];
    expect(withAddedBranch(uneven, 'a')).toEqual([...uneven, { name: 'C', weight: 50, next: 'a' }]);
  });

  it('names a new variant with the first free letter', () => {
    expect(nextVariantName([{ name: 'A', weight: 1, next: 'x' }, { name: 'C', weight: 1, next: 'x' }])).toBe('B');
    expect(nextVariantName([{ weight: 1, next: 'x' }])).toBe('A');
  });
});
