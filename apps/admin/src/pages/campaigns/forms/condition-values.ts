import { conditionLabel } from '../../../components/segment-builder/conditions';
import { childrenOf, conditionsOf, groupKind, isGroup, nodeAt, replaceAt, type NodePath, type RuleNode } from '../../../components/segment-builder/rule-tree';

/** The conditions a campaign branch may count since the customer's enrolment (validate-behaviour.ts). */
const SINCE_ENROLMENT_TYPES = ['event', 'orders', 'engagement'];

export interface SinceEnrolmentChoice {
  path: NodePath;
  /** "2. Orders", numbered as the conditions appear. */
  label: string;
  on: boolean;
}

/** Each event, orders and engagement condition of the tree, and whether it counts since enrolment. */
export function sinceEnrolmentChoices(tree: RuleNode): SinceEnrolmentChoice[] {
  return conditionsOf(tree).flatMap(({ path, condition }, i) =>
    SINCE_ENROLMENT_TYPES.includes(condition.type) ? [{ path, label: `${i + 1}. ${conditionLabel(condition.type)}`, on: condition.sinceEnrollment === true }] : []);
}

/**
 * Counts the condition since enrolment, or not. Event and order counts then
 * drop their `within` window (the API refuses both); engagement keeps it
 * (it narrows), and gets one back when switched off, as it needs one.
 */
export function withSinceEnrolment(tree: RuleNode, path: NodePath, on: boolean): RuleNode {
  const node = nodeAt(tree, path);
  if (!node || !('type' in node)) return tree;
  const next: Record<string, unknown> = { ...node };
  if (on) {
    next.sinceEnrollment = true;
    if (node.type !== 'engagement') delete next.within;
  } else {
    delete next.sinceEnrollment;
    if (node.type === 'engagement' && next.within === undefined) next.within = 'P30D';
  }
  return replaceAt(tree, path, next as RuleNode);
}

/** The condition in a line, for the side panel: "All of: Orders (since enrolment), Tag". */
export function conditionSummary(tree: RuleNode): string {
  const conditions = conditionsOf(tree);
  if (conditions.length === 0) return isGroup(tree) && groupKind(tree) === 'any' ? 'No conditions: no one matches' : 'No conditions: everyone matches';
  const kind = isGroup(tree) && childrenOf(tree).length > 1 ? (groupKind(tree) === 'all' ? 'All of: ' : 'Any of: ') : '';
  return `${kind}${conditions.map(({ condition }) => `${conditionLabel(condition.type)}${condition.sinceEnrollment ? ' (since enrolment)' : ''}`).join(', ')}`;
}
