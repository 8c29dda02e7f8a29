import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type Overview = Schemas['OverviewReportDto'];

/** The business overview for a period (GET /v1/reports/overview); the last answer stays on screen while the next loads. */
export function useOverview(period: { from: string; to: string }) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['overview', apiKey, period.from, period.to],
    // JSON here (no format=csv), whatever else the route can answer.
    queryFn: async () => (await unwrap(client.GET('/v1/reports/overview', { params: { query: { from: period.from, to: period.to, churnLimit: 10 } } }))) as Overview,
    placeholderData: keepPreviousData,
  });
}
