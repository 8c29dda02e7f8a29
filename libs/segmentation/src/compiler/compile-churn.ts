import { CHURN_LEVEL_SCORES, churnScoresSql } from '@localreach/core';
import type { ChurnRiskCondition } from '../segment-definition';
import type { CompileScope } from './compile-scope';

/**
 * Churn risk: customers whose score (`churnScoresSql`, the analytics statistics `churnRisk` and the
 * overview report's) as of `now` is in the level's range or between minScore and maxScore. Only
 * customers who ordered have a score. The scores are computed once and hash-joined (`joinPerCustomer`).
 */
export function compileChurnRisk(cond: ChurnRiskCondition, scope: CompileScope): string {
  const [low, high] = cond.level ? CHURN_LEVEL_SCORES[cond.level] : [0, 100];
  const min = scope.param(Math.max(low, cond.minScore ?? 0), 'int');
  const max = scope.param(Math.min(high, cond.maxScore ?? 100), 'int');
  const alias = scope.joinPerCustomer(`SELECT s.customer_id FROM (${churnScoresSql(scope.business, scope.now())}) s WHERE s.score BETWEEN ${min} AND ${max}`);
  return `${alias}.customer_id IS NOT NULL`;
}
