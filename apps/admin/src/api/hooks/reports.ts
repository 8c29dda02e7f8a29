import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type Overview = Schemas['OverviewReportDto'];
export type ChurnList = Schemas['ChurnListDto'];

/** The business overview for a period (GET /v1/reports/overview); the last answer stays on screen while the next loads. */
export function useOverview(period: { from: string; to: string }) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['overview', apiKey, period.from, period.to],
    // JSON here (no format=csv), whatever else the route can answer.
    // The churn list is the slowest part: asked for apart (useChurnRisk), so the figures need not wait for it.
    queryFn: async () => (await unwrap(client.GET('/v1/reports/overview', { params: { query: { from: period.from, to: period.to, churnLimit: 0 } } }))) as Overview,
    placeholderData: keepPreviousData,
  });
}

/**
 * The customers most at risk of leaving as of `asOf` (GET /v1/reports/churn-risk). `enabled`: the dashboard asks
 * once its figures are in, so the two requests do not share the database's two cores.
 */
export function useChurnRisk(asOf: string, limit: number, enabled = true) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['churn-risk', apiKey, asOf, limit],
    queryFn: async () => (await unwrap(client.GET('/v1/reports/churn-risk', { params: { query: { asOf, limit } } }))) as ChurnList,
    placeholderData: keepPreviousData,
    enabled,
  });
}
