import type { FieldProblem, Queryable } from '@localreach/core';

interface Reference {
  table: 'location' | 'geofence' | 'campaign';
  id: string;
  field: string;
}

const REFERENCE_KEYS: Record<string, Reference['table']> = { storeId: 'location', geofenceId: 'geofence', campaignId: 'campaign' };
const NOUNS: Record<Reference['table'], string> = { location: 'store', geofence: 'geofence', campaign: 'campaign' };

/** Every store, geofence and campaign id a definition mentions, with its path (e.g. definition.all[1].storeId). */
export function collectReferences(node: unknown, path = 'definition', out: Reference[] = []): Reference[] {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectReferences(child, `${path}[${i}]`, out));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const table = REFERENCE_KEYS[key];
      if (table && typeof value === 'string') out.push({ table, id: value, field: `${path}.${key}` });
      else collectReferences(value, `${path}.${key}`, out);
    }
  }
  return out;
}

/** Stores, geofences and campaigns (engagement conditions) named in a definition must belong to the caller's business. */
export async function checkReferences(q: Queryable, businessId: string, definition: unknown): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const ref of collectReferences(definition)) {
    const rows = await q.query<unknown[]>(
      `SELECT 1 FROM ${ref.table} WHERE business_id = $1 AND id::text = $2 AND deleted_at IS NULL`,
      [businessId, ref.id.toLowerCase()],
    );
    if (rows.length === 0) problems.push({ field: ref.field, message: `no ${NOUNS[ref.table]} ${ref.id} in this business` });
  }
  return problems;
}
