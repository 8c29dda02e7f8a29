import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
/** The API's named schemas, e.g. `Schemas['CustomerResponseDto']`. */
export type Schemas = components['schemas'];
export type LocalReachClient = Client<paths>;

export interface LocalReachClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the API listens, e.g. http://localhost:3000 */
  baseUrl: string;
  /** An API key (lr_…); sent as Authorization: Bearer on every request. */
  apiKey?: string;
}

/**
 * A typed client for the LocalReach API, generated from the committed
 * OpenAPI snapshot (libs/api-client/openapi.json): paths, parameters, bodies
 * and responses are checked by the TypeScript compiler.
 */
export function createLocalReachClient({ baseUrl, apiKey, headers, ...options }: LocalReachClientOptions): LocalReachClient {
  return createClient<paths>({
    baseUrl,
    ...options,
    headers: { ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}), ...(headers as Record<string, string> | undefined) },
  });
}
