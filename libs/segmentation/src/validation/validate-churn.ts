import { checkEnum, checkKeys, checkNumber, type JsonObject, type Problems } from './problems';

/** `{ type: 'churnRisk', level?, minScore?, maxScore? }`: at least one; scores are whole numbers 0–100. */
export function validateChurnRisk(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'level', 'minScore', 'maxScore'], path, out);
  if (node.level === undefined && node.minScore === undefined && node.maxScore === undefined) out.add(path, 'needs level, minScore or maxScore');
  if (node.level !== undefined) checkEnum(node.level, ['low', 'medium', 'high'], `${path}.level`, out);
  const min = node.minScore === undefined || checkNumber(node.minScore, `${path}.minScore`, out, { min: 0, max: 100, integer: true });
  const max = node.maxScore === undefined || checkNumber(node.maxScore, `${path}.maxScore`, out, { min: 0, max: 100, integer: true });
  if (min && max && typeof node.minScore === 'number' && typeof node.maxScore === 'number' && node.minScore > node.maxScore) {
    out.add(`${path}.minScore`, 'must not exceed maxScore');
  }
}
