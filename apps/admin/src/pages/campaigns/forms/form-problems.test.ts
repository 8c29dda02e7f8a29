import { describe, expect, it } from 'vitest';
import { problemsByField } from '../../../api/api-error';
import { isRepeated, otherProblems, problemAt, problemsFor, problemsInTree, problemUnder } from './form-problems';

// As the page gets them: the API's details made relative to the step, through problemsByField.
const PROBLEMS = problemsByField([
  { field: 'offer.couponPrefix', message: 'must be 2 to 12 capital letters A-Z or digits' },
  { field: 'branches[1].weight', message: 'must be a number greater than 0' },
  { field: 'next', message: 'no step with this id' },
]);

describe('form problems', () => {
  it('tells a parent filed by problemsByField from a problem of its own', () => {
    expect(PROBLEMS.offer).toBe('couponPrefix: must be 2 to 12 capital letters A-Z or digits');
    expect(isRepeated(PROBLEMS, 'offer')).toBe(true);
    expect(isRepeated(PROBLEMS, 'branches')).toBe(true);
    expect(isRepeated(PROBLEMS, 'branches[1]')).toBe(true);
    expect(isRepeated(PROBLEMS, 'next')).toBe(false);
    expect(isRepeated({ offer: 'is required' }, 'offer')).toBe(false);
  });

  it('shows a problem at its field only, and a subtree problem at the control editing the subtree', () => {
    expect(problemAt(PROBLEMS, 'offer.couponPrefix')).toBe('must be 2 to 12 capital letters A-Z or digits');
    expect(problemAt(PROBLEMS, 'offer')).toBeUndefined();
    expect(problemAt(PROBLEMS, 'templateId')).toBeUndefined();
    expect(problemUnder({ 'weekdays[1]': 'must be at most 7' }, 'weekdays')).toBe('[1]: must be at most 7');
    expect(problemUnder({ weekdays: 'must be a list' }, 'weekdays')).toBe('must be a list');
  });

  it('lists what no control shows, without repeats', () => {
    expect(otherProblems(PROBLEMS, ['offer', 'branches', 'next'])).toEqual([]);
    expect(otherProblems({ ...PROBLEMS, '': 'the audience has no phone numbers' }, ['offer', 'branches'])).toEqual([
      { field: 'next', message: 'no step with this id' },
      { field: '', message: 'the audience has no phone numbers' },
    ]);
  });

  it('places condition problems at the nodes of the rule tree', () => {
    const tree = { all: [{ type: 'tag', tag: '', present: true }, { type: 'orders', metric: 'count', op: 'gte', value: 1, within: 'P1D', sinceEnrollment: true }] };
    const problems = problemsByField([{ field: 'condition.all[1].within', message: 'must be absent when sinceEnrollment is true' }, { field: 'yes', message: 'is required' }]);
    expect(problemsInTree(problems, 'condition', tree, tree)).toEqual({ 'all[1]': [{ field: 'within', message: 'must be absent when sinceEnrollment is true' }] });
  });

  it('a stored bare condition is shown inside an "all": its problems move with it', () => {
    const stored = { type: 'tag', tag: '', present: true };
    const problems = { 'entry.tag': 'must not be empty' };
    expect(problemsInTree(problems, 'entry', stored, { all: [stored] })).toEqual({ 'all[0]': [{ field: 'tag', message: 'must not be empty' }] });
  });
});

describe('problems for one form', () => {
  const details = [
    { field: 'steps[2].branches[1].weight', message: 'must be a number greater than 0' },
    { field: 'steps[2]', message: 'is not reachable from the first step' },
    { field: 'steps[21].next', message: 'no step with this id' },
    { field: 'trigger.eventType', message: 'is required' },
  ];

  it('keeps a step’s problems, relative to it, and none of steps[21]’s', () => {
    expect(problemsFor(details, 'steps[2]')).toEqual({
      'branches[1].weight': 'must be a number greater than 0',
      '': 'is not reachable from the first step',
      'branches[1]': 'weight: must be a number greater than 0',
      branches: '[1].weight: must be a number greater than 0',
    });
    expect(problemsFor(details, 'trigger')).toEqual({ eventType: 'is required' });
    expect(Object.keys(problemsFor(details, ''))).toContain('steps[21].next');
  });
});
