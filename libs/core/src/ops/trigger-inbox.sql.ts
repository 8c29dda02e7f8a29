/**
 * The trigger inbox: ingest records "customer created" and the events an
 * active campaign listens to in the same statement as the write itself, so a
 * trigger is never lost and never seen before its data is committed. The
 * worker drains it with `FOR UPDATE SKIP LOCKED` and enrols. These predicates
 * keep a business without such campaigns paying one index probe per write.
 */

/** True when an active campaign of business `businessExpr` (default $1) starts on an event whose type is `typeExpr`. */
export function campaignListensSql(typeExpr: string, businessExpr = '$1'): string {
  return `EXISTS (SELECT 1 FROM campaign k WHERE k.business_id = ${businessExpr} AND k.status = 'active'
      AND ((k.trigger_type = 'event' AND k.trigger_key = ${typeExpr})
        OR (k.trigger_type = 'segment' AND ${typeExpr} = 'segment_entered')
        OR (k.trigger_type = 'geofence' AND ${typeExpr} IN ('geofence_entered', 'geofence_dwelled'))))`;
}

/** True when an active campaign of business $1 starts when a customer is created. */
export const CUSTOMER_CREATED_LISTENED = `EXISTS (SELECT 1 FROM campaign k WHERE k.business_id = $1 AND k.status = 'active' AND k.trigger_type = 'customer_created')`;
