import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type Geofence = Schemas['GeofenceDto'];
/** A geofence as sent: every shape field present, the unused ones null (a circle turned into a polygon drops its centre). */
export type GeofenceBody = Omit<Schemas['GeofenceInput'], 'center' | 'radiusMeters' | 'polygon'> & {
  center: Schemas['LatLngInput'] | null;
  radiusMeters: number | null;
  polygon: Schemas['GeoJsonPolygonInput'] | null;
};

/** The business's geofences (a handful; pages of 100 are followed to the end). */
export function useGeofences() {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['geofences', apiKey],
    queryFn: async () => {
      const all: Geofence[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(client.GET('/v1/geofences', { params: { query: { limit: 100, cursor } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

/** Creates a geofence (no id) or changes one. */
export function useSaveGeofence(id: string | undefined) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GeofenceBody) =>
      id === undefined ? unwrap(client.POST('/v1/geofences', { body })) : unwrap(client.PATCH('/v1/geofences/{id}', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['geofences'] }),
  });
}

export function useDeleteGeofence() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/v1/geofences/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['geofences'] }),
  });
}
