import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';
import type { BusinessPatch } from '../../pages/settings/business-form';

export type BusinessSettings = Schemas['BusinessSettingsDto'];

export function useSettings() {
  const { client, apiKey } = useSession();
  return useQuery({ queryKey: ['settings', apiKey], queryFn: () => unwrap(client.GET('/v1/settings')) });
}

/** PATCH /v1/settings (owners): the answer is the whole settings, which replace the cached ones. */
export function useUpdateSettings() {
  const { client, apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['SettingsPatchInput']) => unwrap(client.PATCH('/v1/settings', { body })),
    onSuccess: (settings) => queryClient.setQueryData(['settings', apiKey], settings),
  });
}

/** Mails the email sender's confirmation link again; the settings are read again for the new state. */
export function useResendSenderConfirmation() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST('/v1/settings/sender/email/confirmation')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['settings'] }),
  });
}

/** PATCH /v1/business (owners); the session's business (GET /v1/me) is read again afterwards. */
export function useUpdateBusiness() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BusinessPatch) => unwrap(client.PATCH('/v1/business', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
}
