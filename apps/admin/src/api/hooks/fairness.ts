import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type FairnessReport = Schemas['FairnessReportDto'];
export interface FairnessParams { campaignId?: string; from: string; to: string; area: 'grid' | 'postal'; cellSize?: number }

function query(params: FairnessParams) {
  return { campaignId: params.campaignId, from: params.from, to: params.to, area: params.area, cellSize: params.area === 'grid' ? params.cellSize : undefined };
}

/** Who was reached, by area and age band (GET /v1/reports/fairness); the last answer stays on screen while the next loads. */
export function useFairness(params: FairnessParams) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['fairness', apiKey, params.campaignId ?? null, params.from, params.to, params.area, params.cellSize ?? null],
    queryFn: async () => (await unwrap(client.GET('/v1/reports/fairness', {
      params: { query: query(params) },
    }))) as FairnessReport,
    placeholderData: keepPreviousData,
  });
}

/** The same report as the API writes it in CSV (one line per area, then per age band), for a download. */
export function useFairnessCsv() {
  const { client } = useSession();
  return useMutation({
    mutationFn: (params: FairnessParams): Promise<Blob> =>
      unwrap(client.GET('/v1/reports/fairness', { params: { query: { ...query(params), format: 'csv' } }, parseAs: 'blob' }) as Promise<{ data?: Blob; error?: unknown; response: Response }>) as Promise<Blob>,
  });
}
