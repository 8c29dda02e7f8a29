import { checkInput, type FieldProblem } from '@localreach/core';
import { validateDefinition } from '../segment-validator';
import { SegmentInput, SegmentPatch, SegmentPreviewInput } from './segment.input';

const fieldsOf = (problems: FieldProblem[]) => problems.map((p) => p.field).sort();
const problemsOf = (type: new () => object, raw: unknown): FieldProblem[] => {
  const checked = checkInput(type, raw);
  return checked.ok ? [] : checked.problems;
};

const TAG = { type: 'tag', tag: 'vip', present: true };

describe('SegmentInput', () => {
  it('accepts a segment and keeps its definition as given', () => {
    const definition = { all: [TAG, { not: { type: 'consent', channel: 'sms', status: 'denied' } }] };
    const checked = checkInput(SegmentInput, { name: 'VIP', description: null, definition });
    expect(checked).toEqual({ ok: true, value: expect.any(SegmentInput) });
    expect(checked.ok && checked.value.definition).toEqual(definition);
  });

  // The class reports the tree's problems exactly where the segment validator puts them.
  it.each([
    ['a condition without its fields', { type: 'tag' }],
    ['a bad radius and an unknown type deep in a group', { all: [TAG, { type: 'near', lat: 10, lng: 10, radiusMeters: 0 }, { any: [{ type: 'nope' }] }] }],
    ['a group that is not a list', { any: TAG }],
    ['no definition', undefined],
    ['null', null],
    ['a list', [TAG]],
  ])('reports %s at the validator\'s paths', (_name, definition) => {
    const expected = validateDefinition(definition).problems;
    expect(expected.length).toBeGreaterThan(0);
    expect(problemsOf(SegmentInput, { name: 'x', definition })).toEqual(expected);
  });

  it('reports every field at once: name, description, unknown keys and the tree', () => {
    const problems = problemsOf(SegmentInput, { name: '  ', description: 'd'.repeat(2001), colour: 'red', definition: { all: [{ type: 'tag', tag: 'x' }] } });
    expect(fieldsOf(problems)).toEqual(['colour', 'definition.all[0].present', 'description', 'name']);
  });

  it('takes a description of up to 2000 characters', () => {
    expect(problemsOf(SegmentInput, { name: 'x', description: 'd'.repeat(2000), definition: TAG })).toEqual([]);
    expect(fieldsOf(problemsOf(SegmentInput, { name: 'x', description: 5, definition: TAG }))).toEqual(['description']);
  });
});

describe('SegmentPatch', () => {
  it('takes any subset of fields; null clears the description only', () => {
    expect(problemsOf(SegmentPatch, {})).toEqual([]);
    expect(problemsOf(SegmentPatch, { description: null })).toEqual([]);
    expect(fieldsOf(problemsOf(SegmentPatch, { name: null, definition: null }))).toEqual(['definition', 'name']);
  });

  it('checks a replacement tree like a new one', () => {
    expect(fieldsOf(problemsOf(SegmentPatch, { definition: { not: { type: 'tag', tag: 'x', present: 'yes' } } }))).toEqual(['definition.not.present']);
  });
});

describe('SegmentPreviewInput', () => {
  it('takes a definition and nothing else', () => {
    expect(problemsOf(SegmentPreviewInput, { definition: TAG })).toEqual([]);
    expect(fieldsOf(problemsOf(SegmentPreviewInput, { definition: TAG, name: 'x' }))).toEqual(['name']);
    expect(fieldsOf(problemsOf(SegmentPreviewInput, {}))).toEqual(['definition']);
  });
});
