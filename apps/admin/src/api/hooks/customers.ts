import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@localreach/api-client';
import { useSession } from '../../session/session-context';
import { unwrap } from '../client';
import type { CustomerQuery } from '../../pages/customers/customer-list';
import { memberOf, membershipQueries, type SegmentSummary } from '../../pages/customers/segment-memberships';

export type Customer = Schemas['CustomerResponseDto'];
/** One customer as GET /v1/customers/:id has them: with their nearest store. */
export type CustomerDetail = Schemas['CustomerDetailDto'];
export type CustomerPage = Schemas['CustomerListPageDto'];
export type TimelineItem = Schemas['TimelinePageDto']['items'][number];
export type CustomerPatch = Schemas['CustomerPatch'];
export type ConsentChange = Schemas['ConsentChangeDto'];
export type CustomerJourney = Schemas['CustomerJourneyDto'];

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

/** Saves changed fields; the answer replaces the cached customer, and lists and histories that show it are refreshed. */
export function useUpdateCustomer(id: string) {
  const { client, apiKey } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerPatch) => unwrap(client.PATCH('/v1/customers/{id}', { params: { path: { id } }, body })),
    onSuccess: (customer) => {
      // PATCH answers without the derived nearest store: keep the one shown until the refetch (a move may change it).
      queryClient.setQueryData<CustomerDetail>(['customer', apiKey, id], (old) => (old ? { ...old, ...customer } : old));
      void queryClient.invalidateQueries({ queryKey: ['customer', apiKey, id] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void queryClient.invalidateQueries({ queryKey: ['customer-timeline', apiKey, id] });
      void queryClient.invalidateQueries({ queryKey: ['consent-history', apiKey, id] });
    },
  });
}

/** Erases the customer (GDPR); every cached answer about them goes. */
export function useEraseCustomer(id: string) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.DELETE('/v1/customers/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      for (const key of ['customer', 'customer-timeline', 'consent-history', 'customer-journeys', 'customer-segments']) queryClient.removeQueries({ queryKey: [key] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}

/** Every consent change, newest first, a page at a time. */
export function useConsentHistory(id: string) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['consent-history', apiKey, id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/customers/{id}/consent-history', { params: { path: { id }, query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The customer's campaign enrolments with each step's outcome and reason, newest first. */
export function useCustomerJourneys(id: string) {
  const { client, apiKey } = useSession();
  return useInfiniteQuery({
    queryKey: ['customer-journeys', apiKey, id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(client.GET('/v1/customers/{id}/journeys', { params: { path: { id }, query: { limit: 10, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

const SEGMENT_PAGES = 5;
const PARALLEL = 4;

/**
 * The segments the customer is in at each one's last refresh: the business's
 * segments (up to 500), then one exact list query per segment (see
 * segment-memberships.ts), four at a time.
 */
export function useSegmentMemberships(customer: Customer) {
  const { client, apiKey } = useSession();
  return useQuery({
    queryKey: ['customer-segments', apiKey, customer.id, customer.externalId, customer.email, customer.phone],
    queryFn: async () => {
      const segments: SegmentSummary[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < SEGMENT_PAGES; page++) {
        const answer = await unwrap(client.GET('/v1/segments', { params: { query: { limit: 100, cursor } } }));
        segments.push(...answer.items);
        cursor = answer.nextCursor ?? undefined;
        if (!cursor) break;
      }
      const queries = membershipQueries(customer, segments);
      const answers: { segment: SegmentSummary; ids: string[] }[] = [];
      for (let i = 0; i < queries.length; i += PARALLEL) {
        answers.push(...(await Promise.all(queries.slice(i, i + PARALLEL).map(async ({ segment, query }) => {
          const page = await unwrap(client.GET('/v1/customers', { params: { query } }));
          return { segment, ids: page.items.map((c) => c.id) };
        }))));
      }
      return { segments: memberOf(customer, answers), truncated: cursor !== undefined };
    },
  });
}

/** Everything held about the customer (GET /v1/customers/:id/export), as a JSON file's contents. */
export function useCustomerExport(id: string) {
  const { client } = useSession();
  return useMutation({ mutationFn: async () => new Blob([JSON.stringify(await unwrap(client.GET('/v1/customers/{id}/export', { params: { path: { id } } })), null, 2)], { type: 'application/json' }) });
}

/** The filtered list as CSV (GET /v1/customers/export.csv with the list's filters and order). */
export function useCustomersCsv() {
  const { client } = useSession();
  return useMutation({
    mutationFn: (query: CustomerQuery) => unwrap(client.GET('/v1/customers/export.csv', { params: { query }, parseAs: 'blob' }) as Promise<{ data?: Blob; error?: unknown; response: Response }>),
  });
}
