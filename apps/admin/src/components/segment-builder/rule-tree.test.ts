import { describe, expect, it } from 'vitest';
import { addChild, conditionsOf, moveAt, nodeAt, problemsAtNodes, removeAt, replaceAt, setGroupKind, toggleNot, withGroupRoot, type RuleNode } from './rule-tree';

const tag = (t: string) => ({ type: 'tag', tag: t, present: true });
const near = { type: 'near', storeId: 's1', radiusMeters: 2000 };

// all[ tag a, any[ tag b, not(tag c) ], near ]
const tree: RuleNode = { all: [tag('a'), { any: [tag('b'), { not: tag('c') }] }, near] };

describe('rule tree paths', () => {
  it('finds nodes by the API-style path', () => {
    expect(nodeAt(tree, '')).toBe(tree);
    expect(nodeAt(tree, 'all[0]')).toEqual(tag('a'));
    expect(nodeAt(tree, 'all[1].any[1].not')).toEqual(tag('c'));
    expect(nodeAt(tree, 'all[7]')).toBeUndefined();
    expect(nodeAt(tree, 'any[0]')).toBeUndefined();
  });

  it('replaces a nested node without changing the tree it was given', () => {
    const before = JSON.stringify(tree);
    const next = replaceAt(tree, 'all[1].any[1].not', tag('z'));
    expect(next).toEqual({ all: [tag('a'), { any: [tag('b'), { not: tag('z') }] }, near] });
    expect(JSON.stringify(tree)).toBe(before);
    // Untouched branches are shared, not copied.
    expect((next as { all: RuleNode[] }).all[2]).toBe(near);
  });

  it('adds a child at the end of a group', () => {
    expect(addChild(tree, 'all[1]', tag('d'))).toEqual({ all: [tag('a'), { any: [tag('b'), { not: tag('c') }, tag('d')] }, near] });
    expect(() => addChild(tree, 'all[0]', tag('d'))).toThrow('Not a group');
  });

  it('removes a node; the only child of a not takes the not with it; the root becomes an empty all', () => {
    expect(removeAt(tree, 'all[0]')).toEqual({ all: [{ any: [tag('b'), { not: tag('c') }] }, near] });
    expect(removeAt(tree, 'all[1].any[1].not')).toEqual({ all: [tag('a'), { any: [tag('b')] }, near] });
    expect(removeAt(tree, '')).toEqual({ all: [] });
  });

  it('moves a node within its group and says where it went; past either end nothing changes', () => {
    const down = moveAt(tree, 'all[0]', 1);
    expect(down.tree).toEqual({ all: [{ any: [tag('b'), { not: tag('c') }] }, tag('a'), near] });
    expect(down.path).toBe('all[1]');
    const up = moveAt(tree, 'all[2]', -2);
    expect(up.tree).toEqual({ all: [near, tag('a'), { any: [tag('b'), { not: tag('c') }] }] });
    expect(up.path).toBe('all[0]');
    expect(moveAt(tree, 'all[2]', 1)).toEqual({ tree, path: 'all[2]' });
    expect(moveAt(tree, 'all[1].any[1].not', 1).tree).toBe(tree);
  });

  it('switches all ↔ any keeping the children, and wraps or unwraps a not', () => {
    expect(setGroupKind(tree, 'all[1]', 'all')).toEqual({ all: [tag('a'), { all: [tag('b'), { not: tag('c') }] }, near] });
    expect(toggleNot(tree, 'all[0]')).toEqual({ all: [{ not: tag('a') }, { any: [tag('b'), { not: tag('c') }] }, near] });
    expect(toggleNot(tree, 'all[1].any[1]')).toEqual({ all: [tag('a'), { any: [tag('b'), tag('c')] }, near] });
  });

  it('puts a bare condition at the root under an all', () => {
    expect(withGroupRoot(near)).toEqual({ all: [near] });
    expect(withGroupRoot({ not: near })).toEqual({ all: [{ not: near }] });
    expect(withGroupRoot(tree)).toBe(tree);
  });

  it('lists every condition with its path, in order', () => {
    expect(conditionsOf(tree).map((c) => c.path)).toEqual(['all[0]', 'all[1].any[0]', 'all[1].any[1].not', 'all[2]']);
  });
});

describe('API problems at nodes', () => {
  it('places each definition problem at the deepest node its path reaches, with the rest as the field', () => {
    const problems = problemsAtNodes(tree, [
      { field: 'definition.all[2].radiusMeters', message: 'must be at most 100000' },
      { field: 'definition.all[1].any[1].not.present', message: 'must be a boolean' },
      { field: 'definition.all[1].any[1].not', message: 'unknown type' },
      { field: 'definition.all[0].where[0].value', message: 'must be a number' },
      { field: 'definition', message: 'too deep' },
      { field: 'name', message: 'should not be empty' },
    ]);
    expect(problems).toEqual({
      'all[2]': [{ field: 'radiusMeters', message: 'must be at most 100000' }],
      'all[1].any[1].not': [{ field: 'present', message: 'must be a boolean' }, { field: '', message: 'unknown type' }],
      'all[0]': [{ field: 'where[0].value', message: 'must be a number' }],
      '': [{ field: '', message: 'too deep' }],
    });
  });

  it('a path to a node the tree no longer has stops at the last node that exists', () => {
    expect(problemsAtNodes(tree, [{ field: 'definition.all[9].tag', message: 'required' }])).toEqual({ '': [{ field: 'all[9].tag', message: 'required' }] });
  });
});
