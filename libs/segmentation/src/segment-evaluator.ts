import { BehaviourIndex, evaluateEngagement, evaluateEvent, evaluateOrders, evaluateRfm } from './evaluator/evaluate-behaviour';
import { evaluateChurnRisk } from './evaluator/evaluate-churn';
import { evaluateInside, evaluateNear, evaluateNearestStore, type GeoLookup } from './evaluator/evaluate-geo';
import { evaluateAttribute, evaluateBirthday, evaluateConsent, evaluateLocalTime, evaluateTag } from './evaluator/evaluate-profile';
import type { EvalCustomer, EvaluationData } from './evaluator/evaluation-data';
import { isAllGroup, isAnyGroup, isNotGroup, type SegmentCondition, type SegmentContext, type SegmentDefinition, type SegmentNode } from './segment-definition';

export type * from './evaluator/evaluation-data';

interface Evaluation {
  ctx: SegmentContext;
  geo: GeoLookup;
  behaviour: BehaviourIndex;
}

/**
 * Evaluates a (validated) definition over one business's data held in memory
 * and returns the matching customer ids, sorted. Written from the rule
 * semantics alone, it is the oracle the compiled SQL is tested against; it is
 * also handy for small previews without a database.
 */
export function evaluateSegment(definition: SegmentDefinition, data: EvaluationData, ctx: SegmentContext): string[] {
  const live = data.customers.filter((c) => c.erasedAt === null);
  const evaluation: Evaluation = {
    ctx,
    geo: {
      stores: new Map(data.stores.map((s) => [s.id.toLowerCase(), s])),
      geofences: new Map(data.geofences.map((g) => [g.id.toLowerCase(), g])),
    },
    behaviour: new BehaviourIndex(data, ctx, new Set(live.map((c) => c.id))),
  };
  return live.filter((c) => matches(definition, c, evaluation)).map((c) => c.id).sort();
}

function matches(node: SegmentNode, customer: EvalCustomer, ev: Evaluation): boolean {
  if (isAllGroup(node)) return node.all.every((child) => matches(child, customer, ev));
  if (isAnyGroup(node)) return node.any.some((child) => matches(child, customer, ev));
  if (isNotGroup(node)) return !matches(node.not, customer, ev);
  return matchesCondition(node, customer, ev);
}

function matchesCondition(cond: SegmentCondition, customer: EvalCustomer, ev: Evaluation): boolean {
  switch (cond.type) {
    case 'attribute': return evaluateAttribute(cond, customer);
    case 'tag': return evaluateTag(cond, customer);
    case 'consent': return evaluateConsent(cond, customer);
    case 'birthday': return evaluateBirthday(cond, customer, ev.ctx);
    case 'localTime': return evaluateLocalTime(cond, customer, ev.ctx);
    case 'near': return evaluateNear(cond, customer, ev.geo);
    case 'inside': return evaluateInside(cond, customer, ev.geo);
    case 'nearestStore': return evaluateNearestStore(cond, customer);
    case 'event': return evaluateEvent(cond, customer.id, ev.behaviour);
    case 'orders': return evaluateOrders(cond, customer.id, ev.behaviour);
    case 'rfm': return evaluateRfm(cond, customer.id, ev.behaviour);
    case 'engagement': return evaluateEngagement(cond, customer.id, ev.behaviour);
    case 'churnRisk': return evaluateChurnRisk(cond, customer.id, ev.behaviour);
  }
}
