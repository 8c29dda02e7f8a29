import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type Campaign = Schemas['CampaignDto'];
export type CampaignListItem = Schemas['CampaignListItemDto'];
export type CampaignStatus = Campaign['status'];
export type CampaignInput = Schemas['CampaignInput'];
export type CampaignPatch = Schemas['CampaignPatch'];
export type Preset = Schemas['PresetDto'];
export type FromPresetInput = Schemas['CampaignFromPresetInput'];
export type AudienceEstimate = Schemas['AudienceEstimateDto'];
export type CampaignVersion = Schemas['CampaignVersionDto'];
export type CampaignAction = 'activate' | 'pause' | 'archive';

/**
 * Query keys: ['campaigns', apiKey, status] the list pages (with figures), ['campaign', apiKey, id]
 * one campaign, ['campaign-versions', …, id], ['campaign-audience', …, id]. Anything that changes
 * a campaign makes the list, that campaign, its versions and its audience be asked again.
 */
function invalidateCampaign(queryClient: QueryClient, id?: string): void {
  void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
  for (const key of ['campaign', 'campaign-versions', 'campaign-audience']) {
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === key && (id === undefined || q.queryKey[2] === id) });
  }
}

/** The campaign list with each campaign's figures (include=stats), optionally one status, a page at a time. */
export function useCampaigns(status?: CampaignStatus) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['campaigns', apiKey, status ?? null],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/campaigns', { params: { query: { limit: 50, cursor: pageParam, status, include: 'stats' } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCampaign(id: string | undefined) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['campaign', apiKey, id],
    enabled: id !== undefined,
    queryFn: () => unwrap(client.GET('/v1/campaigns/{id}', { params: { path: { id: id! } } })),
  });
}

/** Every version with its definition and enrolments. */
export function useCampaignVersions(id: string | undefined) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['campaign-versions', apiKey, id],
    enabled: id !== undefined,
    queryFn: () => unwrap(client.GET('/v1/campaigns/{id}/versions', { params: { path: { id: id! } } })),
  });
}

/** Who the campaign would reach now (asked only when `enabled`: a confirmation is open). */
export function useAudience(id: string | undefined, enabled = true) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['campaign-audience', apiKey, id],
    enabled: id !== undefined && enabled,
    queryFn: () => unwrap(client.GET('/v1/campaigns/{id}/audience', { params: { path: { id: id! } } })),
    staleTime: 10_000,
  });
}

/** The preset gallery (product data: the same for every business). */
export function usePresets() {
  const { client, apiKey } = useSession();
  return useQuery({ queryKey: ['presets', apiKey], queryFn: () => unwrap(client.GET('/v1/presets')), staleTime: Infinity });
}

export function useCreateCampaign() {
  const { client, apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignInput) => unwrap(client.POST('/v1/campaigns', { body })),
    onSuccess: (created) => {
      queryClient.setQueryData(['campaign', apiKey, created.id], created);
      invalidateCampaign(queryClient);
    },
  });
}

export function useCreateFromPreset() {
  const { client, apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FromPresetInput) => unwrap(client.POST('/v1/campaigns/from-preset', { body })),
    // Presets copy templates (and win_back a segment) into the business.
    onSuccess: (created) => {
      queryClient.setQueryData(['campaign', apiKey, created.id], created);
      invalidateCampaign(queryClient);
      void queryClient.invalidateQueries({ queryKey: ['templates'] });
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
    },
  });
}

/** PATCH: the fields given replace the current ones (null removes an optional one); the answer replaces the cached campaign. */
export function useUpdateCampaign(id: string) {
  const { client, apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignPatch) => unwrap(client.PATCH('/v1/campaigns/{id}', { params: { path: { id } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['campaign', apiKey, id], saved);
      invalidateCampaign(queryClient, id);
    },
  });
}

export function useCloneCampaign() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.POST('/v1/campaigns/{id}/clone', { params: { path: { id } } })),
    onSuccess: () => invalidateCampaign(queryClient),
  });
}

/** Drafts and archived campaigns only; the API refuses the rest (409 CAMPAIGN_NOT_DELETABLE). */
export function useDeleteCampaign() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/v1/campaigns/{id}', { params: { path: { id } } })),
    onSuccess: (_done, id) => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === 'campaign' && q.queryKey[2] === id }),
    // Refused too: the campaign changed meanwhile (e.g. was activated), and the list should say so.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

/** Activate, pause or archive; the answer is the campaign in its new status. */
export function useCampaignTransition(action: CampaignAction) {
  const { client, apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => {
      const params = { params: { path: { id } } };
      if (action === 'activate') return unwrap(client.POST('/v1/campaigns/{id}/activate', params));
      if (action === 'pause') return unwrap(client.POST('/v1/campaigns/{id}/pause', params));
      return unwrap(client.POST('/v1/campaigns/{id}/archive', params));
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(['campaign', apiKey, saved.id], saved);
      invalidateCampaign(queryClient, saved.id);
    },
  });
}
