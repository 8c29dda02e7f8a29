import { createLocalReachClient, type LocalReachClient } from '@localreach/api-client';
import { apiErrorOf } from './api-error';

/** The generated client for the API this page was served by, signed in with `apiKey`. */
export function apiClient(apiKey: string | null): LocalReachClient {
  return createLocalReachClient({ baseUrl: window.location.origin, apiKey: apiKey ?? undefined });
}

/**
 * Unwraps an openapi-fetch answer: its data, or an ApiError with the API's
 * code, message and field problems. A failed connection is an ApiError too.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw apiErrorOf(0, undefined);
  }
  const { data, error, response } = answer;
  if (!response.ok) throw apiErrorOf(response.status, error, response.headers.get('retry-after'));
  return data as T;
}
