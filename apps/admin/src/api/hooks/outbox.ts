import { useInfiniteQuery } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';

export type OutboxEmail = Schemas['OutboxEmailDto'];
export type OutboxSms = Schemas['OutboxSmsDto'];

const PAGE = 20;
const next = (page: { nextCursor: string | null }) => page.nextCursor ?? undefined;

/** Emails the loopback SMTP server received for this business, newest first, a page at a time (404 when the dev servers are not in use). */
export function useOutboxEmails() {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['outbox', 'email', apiKey],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: next,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/dev/outbox/email', { params: { query: { limit: PAGE, cursor: pageParam } } })),
  });
}

export function useOutboxSms() {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['outbox', 'sms', apiKey],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: next,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/dev/outbox/sms', { params: { query: { limit: PAGE, cursor: pageParam } } })),
  });
}
