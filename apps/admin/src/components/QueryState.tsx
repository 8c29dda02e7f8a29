import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/api-error';

/** Loading, error (with retry) and empty states for one query; renders children with the data otherwise. */
export function QueryState<T>({ query, isEmpty, empty, children }: { query: UseQueryResult<T>; isEmpty?: (data: T) => boolean; empty?: ReactNode; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return (
      <Center py="xl" aria-live="polite">
        <Loader size="sm" role="status" aria-label="Loading" />
      </Center>
    );
  }
  if (query.isError) {
    const message = query.error instanceof ApiError ? query.error.message : 'Something went wrong';
    return (
      <Alert color="red" title="Could not load this" role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{message}</Text>
          <Button size="xs" variant="light" onClick={() => void query.refetch()}>Try again</Button>
        </Stack>
      </Alert>
    );
  }
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
