import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';
import type { CustomerQuery } from '../../pages/customers/customer-list';

export type Customer = Schemas['CustomerResponseDto'];
export type CustomerPage = Schemas['CustomerListPageDto'];
export type TimelineItem = Schemas['TimelinePageDto']['items'][number];

/** Customers matching a search, a page at a time (keyset cursors); the previous answer stays while the next loads. */
export function useCustomerSearch(query: CustomerQuery) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['customers', apiKey, query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/customers', { params: { query: { ...query, limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  const { client, apiKey } = useSession();
  return useQuery({ queryKey: ['customer', apiKey, id], queryFn: () => unwrap(client.GET('/v1/customers/{id}', { params: { path: { id } } })) });
}

/** Everything that happened to the customer, newest first, a page at a time. */
export function useCustomerTimeline(id: string) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['customer-timeline', apiKey, id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/customers/{id}/timeline', { params: { path: { id }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
