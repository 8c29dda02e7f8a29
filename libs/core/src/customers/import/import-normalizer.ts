import { normalizeCustomer, type NormalizeContext } from '../customer-input';
import type { Normalize } from './import-rows';

/** normalizeCustomer for one import: the API's rules, row after row. */
export function createImportNormalizer(ctx: NormalizeContext): Normalize {
  return (raw) => normalizeCustomer(raw, ctx);
}
