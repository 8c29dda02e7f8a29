import type { FieldProblem } from '../../api/api-error';

/** A condition as the builder holds it: the API checks its fields (and names the wrong ones). */
export interface Condition {
  type: string;
  [field: string]: unknown;
}

/** A node of the segment rule tree (libs/segmentation segment-definition.ts): a group or a condition. */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | Condition;
export type GroupKind = 'all' | 'any';

/**
 * Where a node sits, spelled as the API spells it after `definition`:
 * '' is the root, 'all[1]' its second child, 'all[1].not' the child of that not.
 */
export type NodePath = string;

type Step = { key: GroupKind; index: number } | { key: 'not' };

export function isGroup(node: RuleNode): node is { all: RuleNode[] } | { any: RuleNode[] } {
  return 'all' in node || 'any' in node;
}

export function isNot(node: RuleNode): node is { not: RuleNode } {
  return 'not' in node && !('type' in node);
}

export function isCondition(node: RuleNode): node is Condition {
  return 'type' in node;
}

export function groupKind(node: RuleNode): GroupKind | undefined {
  return 'all' in node ? 'all' : 'any' in node ? 'any' : undefined;
}

export function childrenOf(node: RuleNode): RuleNode[] {
  return 'all' in node ? (node.all as RuleNode[]) : 'any' in node ? (node.any as RuleNode[]) : [];
}

function parsePath(path: NodePath): Step[] {
  if (path === '') return [];
  return path.split('.').map((part) => {
    if (part === 'not') return { key: 'not' };
    const m = /^(all|any)\[(\d+)\]$/.exec(part);
    if (!m) throw new Error(`Not a node path: ${path}`);
    return { key: m[1] as GroupKind, index: Number(m[2]) };
  });
}

function stepText(step: Step): string {
  return step.key === 'not' ? 'not' : `${step.key}[${step.index}]`;
}

export function childPath(parent: NodePath, step: Step): NodePath {
  return parent === '' ? stepText(step) : `${parent}.${stepText(step)}`;
}

/** The path of a group's index-th child. */
export function itemPath(parent: NodePath, kind: GroupKind, index: number): NodePath {
  return childPath(parent, { key: kind, index });
}

function childAt(node: RuleNode, step: Step): RuleNode | undefined {
  if (step.key === 'not') return isNot(node) ? node.not : undefined;
  return step.key in node ? childrenOf(node)[step.index] : undefined;
}

export function nodeAt(tree: RuleNode, path: NodePath): RuleNode | undefined {
  let node: RuleNode | undefined = tree;
  for (const step of parsePath(path)) {
    node = node && childAt(node, step);
  }
  return node;
}

function replaceStep(node: RuleNode, steps: Step[], replace: (old: RuleNode) => RuleNode): RuleNode {
  if (steps.length === 0) return replace(node);
  const [step, ...rest] = steps;
  const child = childAt(node, step);
  if (!child) throw new Error('No node at this path');
  if (step.key === 'not') return { not: replaceStep(child, rest, replace) };
  const list = childrenOf(node).slice();
  list[step.index] = replaceStep(child, rest, replace);
  return step.key === 'all' ? { all: list } : { any: list };
}

/** A new tree with the node at `path` replaced (the tree passed in is not changed). */
export function replaceAt(tree: RuleNode, path: NodePath, node: RuleNode): RuleNode {
  return replaceStep(tree, parsePath(path), () => node);
}

/** Appends `node` to the group at `groupPath`. */
export function addChild(tree: RuleNode, groupPath: NodePath, node: RuleNode): RuleNode {
  return replaceStep(tree, parsePath(groupPath), (group) => {
    const kind = groupKind(group);
    if (!kind) throw new Error('Not a group');
    return kind === 'all' ? { all: [...childrenOf(group), node] } : { any: [...childrenOf(group), node] };
  });
}

function parentOf(path: NodePath): { parent: NodePath; step: Step } | undefined {
  const steps = parsePath(path);
  const step = steps.pop();
  return step && { parent: steps.map(stepText).join('.'), step };
}

/**
 * Removes the node at `path`. A not's only child takes its not with it;
 * the root is replaced by an empty "all" (which matches everyone).
 */
export function removeAt(tree: RuleNode, path: NodePath): RuleNode {
  const found = parentOf(path);
  if (!found) return { all: [] };
  if (found.step.key === 'not') return removeAt(tree, found.parent);
  const { index } = found.step;
  return replaceStep(tree, parsePath(found.parent), (group) => {
    const list = childrenOf(group).filter((_, i) => i !== index);
    return groupKind(group) === 'all' ? { all: list } : { any: list };
  });
}

/** Moves the node at `path` by `delta` places within its group (no change past either end). Returns the tree and the node's new path. */
export function moveAt(tree: RuleNode, path: NodePath, delta: number): { tree: RuleNode; path: NodePath } {
  const found = parentOf(path);
  if (!found || found.step.key === 'not') return { tree, path };
  const { index, key } = found.step;
  const list = childrenOf(nodeAt(tree, found.parent)!).slice();
  const to = index + delta;
  if (to < 0 || to >= list.length) return { tree, path };
  const [moved] = list.splice(index, 1);
  list.splice(to, 0, moved);
  return { tree: replaceAt(tree, found.parent, key === 'all' ? { all: list } : { any: list }), path: itemPath(found.parent, key, to) };
}

/** Turns an "all" group into an "any" group or back, keeping its children. */
export function setGroupKind(tree: RuleNode, path: NodePath, kind: GroupKind): RuleNode {
  const group = nodeAt(tree, path);
  if (!group || !isGroup(group)) throw new Error('Not a group');
  const list = childrenOf(group);
  return replaceAt(tree, path, kind === 'all' ? { all: list } : { any: list });
}

/** Wraps the node in a not, or unwraps a not. */
export function toggleNot(tree: RuleNode, path: NodePath): RuleNode {
  const node = nodeAt(tree, path);
  if (!node) throw new Error('No node at this path');
  return replaceAt(tree, path, isNot(node) ? node.not : { not: node });
}

/** The builder edits a group at the root: a bare condition (or not) becomes the only child of an "all". */
export function withGroupRoot(tree: RuleNode): RuleNode {
  return isGroup(tree) ? tree : { all: [tree] };
}

/** Every condition with its path, depth first in order. */
export function conditionsOf(tree: RuleNode, path: NodePath = ''): { path: NodePath; condition: Condition }[] {
  if (isCondition(tree)) return [{ path, condition: tree }];
  if (isNot(tree)) return conditionsOf(tree.not, childPath(path, { key: 'not' }));
  const kind = groupKind(tree)!;
  return childrenOf(tree).flatMap((child, i) => conditionsOf(child, itemPath(path, kind, i)));
}

/** A problem placed at a node: `field` is what is left of the API's path inside the node ('' = the node itself). */
export interface NodeProblem {
  field: string;
  message: string;
}

/**
 * Places each problem the API reported on a definition (field paths such as
 * `definition.all[1].radiusMeters` or `definition.not.tag`) at the deepest
 * node of `tree` its path reaches. Problems elsewhere (`name`) are left out.
 */
export function problemsAtNodes(tree: RuleNode, details: FieldProblem[]): Record<NodePath, NodeProblem[]> {
  const out: Record<NodePath, NodeProblem[]> = {};
  for (const { field, message } of details) {
    if (field !== 'definition' && !field.startsWith('definition.')) continue;
    const parts = field === 'definition' ? [] : field.slice('definition.'.length).split('.');
    let node: RuleNode | undefined = tree;
    let path: NodePath = '';
    let used = 0;
    for (const part of parts) {
      const step = /^(all|any)\[(\d+)\]$/.exec(part) ? parsePath(part)[0] : part === 'not' ? ({ key: 'not' } as Step) : undefined;
      const next: RuleNode | undefined = step && node && childAt(node, step);
      if (!step || !next) break;
      node = next;
      path = childPath(path, step);
      used++;
    }
    (out[path] ??= []).push({ field: parts.slice(used).join('.'), message });
  }
  return out;
}
