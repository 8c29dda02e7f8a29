import type { Queryable } from '@localreach/core';

/**
 * Folds the spend roll-up's deltas (appended by the triggers on message, one
 * per statement that changed what was sent) into one row per business,
 * campaign, channel and UTC day (migration 1765400000000). Totals are the same
 * before and after, so it may run at any time, by any number of workers;
 * it only keeps what the overview reads small. Returns the deltas folded.
 */
export async function compactMessageSpend(db: Queryable): Promise<number> {
  const rows: { folded: number }[] = await db.query('SELECT message_spend_compact() AS folded');
  return rows[0].folded;
}
