import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { LocalReachClient, Schemas } from '@localreach/api-client';
import { apiClient, unwrap } from '../api/client';
import { clearKey, readKey, storeKey } from './session';
import type { Role } from './permissions';

export type Me = Schemas['MeDto'];

interface SessionValue {
  apiKey: string | null;
  client: LocalReachClient;
  me: Me | undefined;
  role: Role | undefined;
  /** Checks the key with GET /v1/me and keeps it for this tab; throws ApiError when the API refuses it. */
  signIn(apiKey: string): Promise<Me>;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [apiKey, setApiKey] = useState<string | null>(() => readKey(window.sessionStorage));
  const client = useMemo(() => apiClient(apiKey), [apiKey]);
  const me = useQuery({
    queryKey: ['me', apiKey],
    enabled: apiKey !== null,
    staleTime: 60_000,
    queryFn: () => unwrap(client.GET('/v1/me')),
  });

  const signIn = useCallback(
    async (key: string) => {
      const found = await unwrap(apiClient(key).GET('/v1/me'));
      storeKey(window.sessionStorage, key);
      queryClient.clear();
      queryClient.setQueryData(['me', key.trim()], found);
      setApiKey(key.trim());
      return found;
    },
    [queryClient],
  );

  const signOut = useCallback(() => {
    clearKey(window.sessionStorage);
    queryClient.clear();
    setApiKey(null);
  }, [queryClient]);

  const value = useMemo<SessionValue>(
    () => ({ apiKey, client, me: me.data, role: me.data?.key.role, signIn, signOut }),
    [apiKey, client, me.data, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
