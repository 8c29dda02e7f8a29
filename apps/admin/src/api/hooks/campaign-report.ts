import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type CampaignReport = Schemas['CampaignReportDto'];
export type ExperimentReport = Schemas['ExperimentReportDto'];
export type RecipientPage = Schemas['CampaignRecipientPageDto'];
export type RecipientTrace = Schemas['CustomerJourneyDto'];
export type GeoLiftReport = Schemas['GeoLiftReportDto'];
export type ReportCsv = 'funnel' | 'holdout' | 'series' | 'experiment' | 'recipients' | 'geo-lift';

type Blobbed = Promise<{ data?: Blob; error?: unknown; response: Response }>;

/** The campaign's funnel, holdout, splits and days (GET /v1/reports/campaigns/{id}). */
export function useCampaignReport(campaignId: string) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['campaign-report', apiKey, campaignId],
    queryFn: async () => (await unwrap(client.GET('/v1/reports/campaigns/{id}', { params: { path: { id: campaignId } } }))) as CampaignReport,
  });
}

/** The A/B report with opens (GET /v1/reports/campaigns/{id}/experiment); asked only when the campaign has a split. */
export function useExperimentReport(campaignId: string, enabled: boolean) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['experiment-report', apiKey, campaignId],
    queryFn: async () => (await unwrap(client.GET('/v1/reports/campaigns/{id}/experiment', { params: { path: { id: campaignId } } }))) as ExperimentReport,
    enabled,
  });
}

/** The geo lift (GET /v1/reports/campaigns/{id}/geo-lift): a 422 CAMPAIGN_NOT_AREA says the campaign is not aimed at an area. */
export function useGeoLiftReport(campaignId: string) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['geo-lift-report', apiKey, campaignId],
    queryFn: async () => (await unwrap(client.GET('/v1/reports/campaigns/{id}/geo-lift', { params: { path: { id: campaignId } } }))) as GeoLiftReport,
  });
}

/** A page of recipients (GET /v1/campaigns/{id}/recipients); the last page stays on screen while the next loads. */
export function useCampaignRecipients(campaignId: string, cursor: string | undefined, limit = 25) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['campaign-recipients', apiKey, campaignId, cursor ?? null, limit],
    queryFn: () => unwrap(client.GET('/v1/campaigns/{id}/recipients', { params: { path: { id: campaignId }, query: { limit, cursor } } })),
    placeholderData: keepPreviousData,
  });
}

/** One recipient's "why" trace (GET /v1/campaigns/{id}/recipients/{enrollmentId}), asked when its row is opened. */
export function useRecipientTrace(campaignId: string, enrollmentId: string) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['recipient-trace', apiKey, campaignId, enrollmentId],
    queryFn: () => unwrap(client.GET('/v1/campaigns/{id}/recipients/{enrollmentId}', { params: { path: { id: campaignId, enrollmentId } } })),
  });
}

/** One of the report's tables as CSV, from the API (format=csv / export.csv). */
export function useReportCsv(campaignId: string) {
  const { client } = useSession();
  return useMutation({
    mutationFn: (table: ReportCsv): Promise<Blob> => {
      const path = { id: campaignId };
      if (table === 'experiment') return unwrap(client.GET('/v1/reports/campaigns/{id}/experiment', { params: { path, query: { format: 'csv' } }, parseAs: 'blob' }) as Blobbed);
      if (table === 'geo-lift') return unwrap(client.GET('/v1/reports/campaigns/{id}/geo-lift', { params: { path, query: { format: 'csv' } }, parseAs: 'blob' }) as Blobbed);
      if (table === 'recipients') return unwrap(client.GET('/v1/campaigns/{id}/recipients/export.csv', { params: { path }, parseAs: 'blob' }) as Blobbed);
      return unwrap(client.GET('/v1/reports/campaigns/{id}', { params: { path, query: { format: 'csv', part: table } }, parseAs: 'blob' }) as Blobbed);
    },
  });
}
