import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';
import { apiErrorOf } from '../api-error';
import type { RuleNode } from '../../components/segment-builder/rule-tree';

export type Segment = Schemas['SegmentDto'];
export type SegmentPreview = Schemas['PreviewDto'];
/** The builder's tree goes out as is: the API checks every field and names the wrong ones. */
type Definition = Schemas['SegmentDefinition'];
export interface SegmentDraft {
  name: string;
  description: string;
  definition: RuleNode;
}

function body(draft: SegmentDraft) {
  return { name: draft.name.trim(), description: draft.description.trim() === '' ? null : draft.description.trim(), definition: draft.definition as Definition };
}

/** Saved segments, a page at a time. */
export function useSegments() {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['segments', apiKey],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/segments', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Refresh state changes within seconds of a save.
    refetchInterval: 10_000,
  });
}

export function useSegment(id: string | undefined) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['segment', apiKey, id],
    enabled: id !== undefined,
    queryFn: () => unwrap(client.GET('/v1/segments/{id}', { params: { path: { id: id! } } })),
    // Asked again while a change waits for its refresh, so the member count and the members follow.
    refetchInterval: (query) => (query.state.data?.refreshPending || (query.state.data && !query.state.data.refreshedAt) ? 2_000 : false),
  });
}

/**
 * Count and sample of an unsaved definition. Each definition is its own query
 * key, so an answer to an earlier definition never shows for a later one; the
 * previous answer stays on screen while the next is asked.
 */
export function useSegmentPreview(definition: RuleNode) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['segment-preview', apiKey, definition],
    queryFn: ({ signal }) => unwrap(client.POST('/v1/segments/preview', { body: { definition: definition as Definition }, signal })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Saves a new segment (no id) or changes one. */
export function useSaveSegment(id: string | undefined) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft: SegmentDraft) =>
      id === undefined ? unwrap(client.POST('/v1/segments', { body: body(draft) })) : unwrap(client.PATCH('/v1/segments/{id}', { params: { path: { id } }, body: body(draft) })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      void queryClient.invalidateQueries({ queryKey: ['segment'] });
      void queryClient.invalidateQueries({ queryKey: ['segment-members'] });
    },
  });
}

/** Members at the last refresh, a page at a time; asked again when the segment says it was refreshed since. */
export function useSegmentMembers(id: string, refreshedAt: string | null) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['segment-members', apiKey, id, refreshedAt],
    initialPageParam: undefined as string | undefined,
    // The operation also answers CSV; asked for JSON, it is a customer page.
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/segments/{id}/members', { params: { path: { id }, query: { limit: 50, cursor: pageParam } } })) as Promise<Schemas['CustomerPageDto']>,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Counts the members now instead of within the next seconds (the workers refresh on their own). */
export function useRefreshSegment() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.POST('/v1/segments/{id}/refresh', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['segment'] });
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      void queryClient.invalidateQueries({ queryKey: ['segment-members'] });
    },
  });
}

/** Every member as CSV (the API streams them), handed to the browser as a download. */
export function useDownloadMembersCsv() {
  const { client } = useSession();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, response } = await client.GET('/v1/segments/{id}/members', { params: { path: { id }, query: { format: 'csv' } }, parseAs: 'blob' });
      if (!response.ok || !data) throw apiErrorOf(response.status, undefined);
      const url = URL.createObjectURL(data as Blob);
      const link = Object.assign(document.createElement('a'), { href: url, download: `segment-${id}.csv` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
