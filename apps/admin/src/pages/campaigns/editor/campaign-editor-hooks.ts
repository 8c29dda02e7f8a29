import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Schemas } from '@localreach/api-client';
import { unwrap } from '../../../api/client';
import { useGeofences } from '../../../api/hooks/geofences';
import { useStores } from '../../../api/hooks/locations';
import { useSession } from '../../../session/session-context';
import type { Definition } from '../journey/definition';

/* The journey editor's own campaign hooks; the shared ones (useCampaign, useCampaignVersions…) are in api/hooks/campaigns.ts. */
import type { Campaign } from '../../../api/hooks/campaigns';
export { useCampaign, type Campaign } from '../../../api/hooks/campaigns';
export type TestSendResult = Schemas['TestSendResultDto'];

/** What the side panel's forms choose from (the StepForm/TriggerForm `refs` prop). */
export interface JourneyRefs {
  templates: { id: string; name: string; channel: 'email' | 'sms' }[];
  segments: { id: string; name: string }[];
  geofences: { id: string; name: string }[];
  stores: { id: string; name: string }[];
}

/**
 * Saves the whole definition (PATCH with every field; null removes what the
 * definition left out, so what is on screen is what is stored).
 */
export function useSaveDefinition(id: string) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (definition: Definition) => unwrap(client.PATCH('/v1/campaigns/{id}', { params: { path: { id } }, body: patchOf(definition) })),
    onSuccess: (saved) => {
      queryClient.setQueriesData({ queryKey: ['campaign'] }, (old: Campaign | undefined) => (old?.id === saved.id ? saved : old));
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void queryClient.invalidateQueries({ queryKey: ['campaign-versions'] });
    },
  });
}

/** The PATCH body that replaces the definition whole. */
export function patchOf(definition: Definition): Schemas['CampaignPatch'] {
  return {
    name: definition.name,
    trigger: definition.trigger,
    steps: definition.steps,
    entry: definition.entry ?? null,
    goal: definition.goal ?? null,
    holdoutPercent: definition.holdoutPercent ?? null,
    reentry: definition.reentry ?? null,
    priority: definition.priority ?? null,
  } as Schemas['CampaignPatch'];
}

/** Sends one email or SMS step of the campaign's saved version to an address or number. */
export function useTestSend(id: string) {
  const { client } = useSession();
  return useMutation({
    mutationFn: (body: { stepId: string; to: string }) => unwrap(client.POST('/v1/campaigns/{id}/test', { params: { path: { id } }, body })),
  });
}

async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await page(cursor);
    all.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

function useTemplateRefs() {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['template-refs', apiKey],
    queryFn: () => allPages((cursor) => unwrap(client.GET('/v1/templates', { params: { query: { limit: 100, cursor } } }))),
  });
}

function useSegmentRefs() {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['segment-refs', apiKey],
    queryFn: () => allPages((cursor) => unwrap(client.GET('/v1/segments', { params: { query: { limit: 100, cursor } } }))),
  });
}

const EMPTY: never[] = [];

/** The templates, segments, geofences and stores a journey may name (empty lists until they load). */
export function useJourneyRefs(): JourneyRefs {
  const templates = useTemplateRefs().data ?? EMPTY;
  const segments = useSegmentRefs().data ?? EMPTY;
  const geofences = useGeofences().data ?? EMPTY;
  const stores = useStores().data ?? EMPTY;
  return useMemo(() => ({
    templates: templates.map((t) => ({ id: t.id, name: t.name, channel: t.channel })),
    segments: segments.map((s) => ({ id: s.id, name: s.name })),
    geofences: geofences.map((g) => ({ id: g.id, name: g.name })),
    stores: stores.map((s) => ({ id: s.id, name: s.name })),
  }), [templates, segments, geofences, stores]);
}
