import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';
import { createBody, patchBody, sourcesOf, type Channel, type TemplateDraft } from '../../pages/templates/template-draft';

export type Template = Schemas['TemplateDto'];
export type EmailPreview = Schemas['EmailPreviewDto'];
export type SmsPreview = Schemas['SmsPreviewDto'];
export type TemplatePreview = EmailPreview | SmsPreview;

/** Templates of the business, oldest first, a page at a time; only one channel's when given. */
export function useTemplates(channel: Channel | undefined) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['templates', apiKey, channel ?? 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/templates', { params: { query: { limit: 50, cursor: pageParam, ...(channel ? { channel } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTemplate(id: string) {
  const { client, apiKey } = useSession();
  return useQuery({ queryKey: ['template', apiKey, id], queryFn: () => unwrap(client.GET('/v1/templates/{id}', { params: { path: { id } } })) });
}

/** Saves a new template (no id) or changes one; PATCH's `text: null` (documented in its description, not in its schema) derives the text again. */
export function useSaveTemplate(id: string | undefined) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft: TemplateDraft) =>
      id === undefined
        ? unwrap(client.POST('/v1/templates', { body: createBody(draft) }))
        : unwrap(client.PATCH('/v1/templates/{id}', { params: { path: { id } }, body: patchBody(draft) as Schemas['TemplatePatch'] })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['templates'] });
      queryClient.setQueriesData({ queryKey: ['template'] }, (old: Template | undefined) => (old?.id === saved.id ? saved : old));
    },
  });
}

/**
 * The API's rendering of the sources on screen (saved or not), for a customer
 * of the business or the sample one. Each draft is its own query key, so an
 * answer to older sources never shows for newer ones; the previous answer
 * stays on screen while the next is asked.
 */
export function useDraftPreview(draft: TemplateDraft, customerId: string | null, event?: Record<string, unknown>) {
  const { client, apiKey } = useSession();
  const sources = sourcesOf(draft);
  // The API checks the sample event's shape and names what does not fit (context.event.…).
  const context = event ? { context: { event } as Schemas['TemplatePreviewContext'] } : {};
  return useQuery({
    queryKey: ['template-preview', apiKey, sources, customerId, event ?? null],
    queryFn: ({ signal }) => unwrap(client.POST('/v1/templates/preview', { body: { ...sources, ...(customerId ? { customerId } : {}), ...context }, signal })) as Promise<TemplatePreview>,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

export type TemplatePartial = Schemas['TemplatePartialDto'];

/** The business's layout (the shipped one until it saves its own) and named partials. */
export function useTemplatePartials() {
  const { client, apiKey } = useSession();
  return useQuery({ queryKey: ['template-partials', apiKey], queryFn: () => unwrap(client.GET('/v1/template-partials')) });
}

/** Creates or replaces a partial; every template's preview uses it from then on. */
export function useSavePartial() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, source }: { name: string; source: string }) => unwrap(client.PUT('/v1/template-partials/{name}', { params: { path: { name } }, body: { source } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['template-partials'] });
      void queryClient.invalidateQueries({ queryKey: ['template-preview'] });
    },
  });
}

/** Deletes a partial (409 naming the templates that use it); the layout goes back to the shipped one. */
export function useDeletePartial() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(client.DELETE('/v1/template-partials/{name}', { params: { path: { name } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['template-partials'] });
      void queryClient.invalidateQueries({ queryKey: ['template-preview'] });
    },
  });
}

/** Deletes a template; 409 TEMPLATE_IN_USE names the campaigns (not archived) that use it. */
export function useDeleteTemplate() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/v1/templates/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['templates'] }),
  });
}
