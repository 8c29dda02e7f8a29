import { problemsByField, type FieldProblem } from '../../../api/api-error';
import { isGroup, problemsAtNodes, type NodePath, type NodeProblem, type RuleNode } from '../../../components/segment-builder/rule-tree';
import type { FormProblems } from './definition-types';

const isUnder = (key: string, parent: string) => parent === '' ? key !== '' : key.startsWith(`${parent}.`) || key.startsWith(`${parent}[`);

/**
 * Whether `problems[key]` only repeats a problem further down (api-error's
 * problemsByField also files `offer` → "couponPrefix: …" for `offer.couponPrefix`).
 */
export function isRepeated(problems: FormProblems, key: string): boolean {
  const message = problems[key];
  return Object.entries(problems).some(([child, text]) => isUnder(child, key) && message === `${child.slice(key.length).replace(/^\./, '')}: ${text}`);
}

/** The problem at exactly this field, unless it only repeats one shown further down. */
export function problemAt(problems: FormProblems, key: string): string | undefined {
  return problems[key] !== undefined && !isRepeated(problems, key) ? problems[key] : undefined;
}

/** The problem at this field or anywhere under it (for a control that edits a whole subtree). */
export function problemUnder(problems: FormProblems, key: string): string | undefined {
  const own = problems[key];
  if (own !== undefined) return own;
  const child = Object.keys(problems).find((k) => isUnder(k, key));
  return child === undefined ? undefined : `${child.slice(key.length).replace(/^\./, '')}: ${problems[child]}`;
}

/**
 * Problems no control of the form shows: keys neither equal to nor under
 * one of `shown`, and not mere repeats of those. '' is the edited thing itself.
 */
export function otherProblems(problems: FormProblems, shown: readonly string[]): { field: string; message: string }[] {
  return Object.entries(problems)
    .filter(([key]) => !shown.some((s) => key === s || isUnder(key, s)) && !isRepeated(problems, key))
    .map(([field, message]) => ({ field, message }));
}

/**
 * The problems under `prefix` ('condition', 'entry') placed at the nodes of
 * the rule tree the editor shows. A stored condition that is not a group is
 * edited as the only child of an "all" (withGroupRoot), so its paths gain 'all[0]'.
 */
export function problemsInTree(problems: FormProblems, prefix: string, stored: RuleNode | undefined, shownTree: RuleNode): Record<NodePath, NodeProblem[]> {
  const wrapped = stored !== undefined && !isGroup(stored);
  const details: FieldProblem[] = Object.entries(problems)
    .filter(([key]) => (key === prefix || isUnder(key, prefix)) && !isRepeated(problems, key))
    .map(([key, message]) => {
      const rest = key.slice(prefix.length);
      return { field: wrapped ? `definition.all[0]${rest}` : `definition${rest}`, message };
    });
  return problemsAtNodes(shownTree, details);
}

/**
 * A refused save's details for one form: those at `prefix` ('trigger',
 * 'steps[2]') or under it, with paths relative to it ('steps[2].branches[1].weight'
 * → 'branches[1].weight'; the thing itself → ''). `prefix` '' keeps them all.
 */
export function problemsFor(details: readonly FieldProblem[], prefix: string): FormProblems {
  const relative = details.flatMap(({ field, message }) => {
    if (prefix === '') return [{ field, message }];
    if (field === prefix) return [{ field: '', message }];
    return isUnder(field, prefix) ? [{ field: field.slice(prefix.length).replace(/^\./, ''), message }] : [];
  });
  return problemsByField(relative);
}
