import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type ApiKey = Schemas['ApiKeyDto'];

export function useApiKeys() {
  const { client, apiKey } = useSession();
  return useQuery({ queryKey: ['api-keys', apiKey], queryFn: () => unwrap(client.GET('/v1/api-keys')) });
}

export function useCreateApiKey() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateApiKeyInput']) => unwrap(client.POST('/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}

export function useRevokeApiKey() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}
