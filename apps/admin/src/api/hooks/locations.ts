import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type Store = Schemas['LocationDto'];
export type StoreInput = Schemas['LocationInput'];
export type StorePatch = Schemas['LocationPatch'];

/** Every store of the business (a business has a handful; pages of 100 are followed to the end). */
export function useStores() {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['locations', apiKey],
    queryFn: async () => {
      const all: Store[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(client.GET('/v1/locations', { params: { query: { limit: 100, cursor } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

export function useStore(id: string) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['locations', apiKey, id],
    queryFn: () => unwrap(client.GET('/v1/locations/{id}', { params: { path: { id } } })),
  });
}

/** Saves a store; the list and the store are read again (a move changes customers' nearest store too). */
export function useUpdateStore(id: string) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StorePatch) => unwrap(client.PATCH('/v1/locations/{id}', { params: { path: { id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['locations'] });
      await queryClient.invalidateQueries({ queryKey: ['customer'] });
    },
  });
}

export function useCreateStore() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StoreInput) => unwrap(client.POST('/v1/locations', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['locations'] }),
  });
}

export function useDeleteStore() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/v1/locations/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['locations'] }),
  });
}
