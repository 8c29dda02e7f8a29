import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@localreach/core';
import { Geocoder } from './geocoder';
import { GeocodingError } from './geocoding.errors';

/** A loopback stand-in for the Geocoding API: answers by address, records what it was asked. */
function startStandIn(answer: (address: string) => { status: number; body: unknown }) {
  const requests: URL[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(url);
    const { status, body } = answer(url.searchParams.get('address') ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise<{ baseUrl: string; requests: URL[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ baseUrl: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

const OK = (lat: number, lng: number) => ({
  status: 200,
  body: { status: 'OK', results: [{ geometry: { location: { lat, lng } }, formatted_address: '12 Elm St, Springfield, IL 62701, USA' }] },
});

describe('Geocoder', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  beforeAll(async () => {
    standIn = await startStandIn((address) => {
      if (address.startsWith('12 Elm')) return OK(39.7817, -89.6501);
      if (address.startsWith('nowhere')) return { status: 200, body: { status: 'ZERO_RESULTS', results: [] } };
      if (address.startsWith('denied')) return { status: 200, body: { status: 'REQUEST_DENIED', error_message: 'The provided API key is invalid.', results: [] } };
      return { status: 500, body: { status: 'UNKNOWN_ERROR', results: [] } };
    });
  });
  afterAll(() => standIn.close());

  const geocoder = (env: Record<string, string> = {}) =>
    new Geocoder(loadConfig({ NODE_ENV: 'test', GOOGLE_MAPS_API_KEY: 'test-key', GOOGLE_MAPS_BASE_URL: standIn.baseUrl, ...env }));

  it('asks /maps/api/geocode/json with the address and key, and reads the first result', async () => {
    await expect(geocoder().geocode('12 Elm Street, Springfield')).resolves.toEqual({
      status: 'ok', lat: 39.7817, lng: -89.6501, formattedAddress: '12 Elm St, Springfield, IL 62701, USA',
    });
    const last = standIn.requests[standIn.requests.length - 1];
    expect(last.pathname).toBe('/maps/api/geocode/json');
    expect(last.searchParams.get('address')).toBe('12 Elm Street, Springfield');
    expect(last.searchParams.get('key')).toBe('test-key');
  });

  it('ZERO_RESULTS is "not found"', async () => {
    await expect(geocoder().geocode('nowhere at all')).resolves.toEqual({ status: 'not_found' });
  });

  it('a denied key is a non-retryable GeocodingError; a server error is retryable', async () => {
    const denied = await geocoder().geocode('denied').catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(GeocodingError);
    expect(denied).toMatchObject({ code: 'GEOCODER_REJECTED', retryable: false });
    const broken = await geocoder().geocode('boom').catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: 'GEOCODER_UNAVAILABLE', retryable: true });
  });

  it('is disabled without a key, and refuses to aim at Google from tests', () => {
    expect(new Geocoder(loadConfig({ NODE_ENV: 'test' })).enabled).toBe(false);
    expect(geocoder().enabled).toBe(true);
    expect(() => new Geocoder(loadConfig({ NODE_ENV: 'test', GOOGLE_MAPS_API_KEY: 'k' }))).toThrow(/GOOGLE_MAPS_BASE_URL/);
  });
});
