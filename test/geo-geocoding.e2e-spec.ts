import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GeocodingService } from '../libs/geo/src';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectStatus, type Client } from './support/e2e-helpers';

/**
 * A loopback stand-in for the Google Geocoding API (GET /maps/api/geocode/json):
 * answers like Google for a few known streets, ZERO_RESULTS for the rest, 500
 * while `failing`; counts requests so caching can be proven.
 */
class GeocodingStandIn {
  readonly requests: { address: string; key: string | null }[] = [];
  failing = false;
  private server?: Server;
  baseUrl = '';
  static readonly PLACES: Record<string, { lat: number; lng: number }> = {
    '12 elm street': { lat: 39.7817, lng: -89.6501 },
    '400 oak avenue': { lat: 39.8011, lng: -89.6436 },
  };

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const address = url.searchParams.get('address') ?? '';
      this.requests.push({ address, key: url.searchParams.get('key') });
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname !== '/maps/api/geocode/json') return send(404, { status: 'NOT_FOUND', results: [] });
      if (this.failing) return send(500, { status: 'UNKNOWN_ERROR', results: [] });
      const street = Object.keys(GeocodingStandIn.PLACES).find((s) => address.toLowerCase().replace(/\s+/g, ' ').startsWith(s));
      if (!street) return send(200, { status: 'ZERO_RESULTS', results: [] });
      send(200, { status: 'OK', results: [{ geometry: { location: GeocodingStandIn.PLACES[street] }, formatted_address: `${address} (formatted)` }] });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

const ELM = { line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
const OAK = { line1: '400 Oak Avenue', city: 'Springfield', region: 'IL', postalCode: '62702', country: 'US' };
const NOWHERE = { line1: '1 Nowhere Lane', city: 'Springfield', postalCode: '62799', country: 'US' };

describe('geocoding through @googlemaps/google-maps-services-js against a loopback stand-in', () => {
  const standIn = new GeocodingStandIn();
  let api: ApiHarness;
  let geocoding: GeocodingService;
  beforeAll(async () => {
    await standIn.start();
    api = await startApi({ GOOGLE_MAPS_API_KEY: 'test-maps-key', GOOGLE_MAPS_BASE_URL: standIn.baseUrl });
    geocoding = api.app.get(GeocodingService);
  });
  afterAll(async () => {
    await api.close();
    await standIn.close();
  });

  const newBusiness = async (): Promise<{ c: Client; businessId: string }> => {
    const { apiKey, businessId } = await signUpBusiness(api);
    return { c: clientFor(api, apiKey), businessId };
  };
  const customerRow = async (id: string) =>
    (await api.dataSource.query(`SELECT lat, lng, geocoded_at IS NOT NULL AS tried, nearest_location_id AS "nearestStoreId" FROM customer WHERE id = $1`, [id]))[0];

  it('geocodes a store saved with an address and no coordinates, right away, and caches the answer', async () => {
    const { c, businessId } = await newBusiness();
    const before = standIn.requests.length;
    const first = await c.post('/v1/locations', { name: 'Elm', address: ELM });
    expectStatus(first, 201);
    expect(first.body).toMatchObject({ lat: 39.7817, lng: -89.6501 });
    expect(standIn.requests.slice(before)).toEqual([{ address: '12 Elm Street, Springfield, IL, 62701, US', key: 'test-maps-key' }]);
    const [row] = await api.dataSource.query(`SELECT lat, lng, geocoded_at IS NOT NULL AS tried FROM location WHERE id = $1`, [first.body.id]);
    expect(row).toEqual({ lat: 39.7817, lng: -89.6501, tried: true });

    // Same address, other spelling: answered from the cache.
    const second = await c.post('/v1/locations', { name: 'Elm again', address: { ...ELM, line1: '12  ELM street ', city: 'SPRINGFIELD' } });
    expect(second.body).toMatchObject({ lat: 39.7817, lng: -89.6501 });
    // Given coordinates are kept and nothing is asked.
    const given = await c.post('/v1/locations', { name: 'Oak', address: OAK, lat: 39.9, lng: -89.9 });
    expect(given.body).toMatchObject({ lat: 39.9, lng: -89.9 });
    // An unknown address is cached as not found, and asked once.
    const lost = await c.post('/v1/locations', { name: 'Lost', address: NOWHERE });
    expect(lost.body).toMatchObject({ lat: null, lng: null });
    await c.post('/v1/locations', { name: 'Lost again', address: NOWHERE });
    expect(standIn.requests.length - before).toBe(2);
    const cache = await api.dataSource.query(`SELECT query, status FROM geocode_cache WHERE business_id = $1 ORDER BY query`, [businessId]);
    expect(cache).toEqual([
      { query: '1 Nowhere Lane, Springfield, 62799, US', status: 'not_found' },
      { query: '12 Elm Street, Springfield, IL, 62701, US', status: 'ok' },
    ]);
    // Editing a store without coordinates tries again (from the cache).
    const edited = await c.patch(`/v1/locations/${lost.body.id}`, { address: OAK });
    expect(edited.body).toMatchObject({ lat: 39.8011, lng: -89.6436 });
    expect(standIn.requests.length - before).toBe(3);
  });

  it('geocodePending places customers, caches per normalised address, records misses, and sets their nearest store', async () => {
    const { c, businessId } = await newBusiness();
    const store = (await c.post('/v1/locations', { name: 'Elm', address: ELM })).body;
    const make = async (externalId: string, extra: Record<string, unknown>) => (await c.post('/v1/customers', { externalId, ...extra })).body.id as string;
    const elm = await make('elm', { address: ELM });
    const oak = await make('oak', { address: OAK });
    const oakToo = await make('oak-too', { address: { ...OAK, line1: '400 oak  AVENUE' } });
    const lost = await make('lost', { address: NOWHERE });
    const thin = await make('thin', { address: { city: 'Springfield', country: 'US' } });
    const placed = await make('placed', { address: OAK, lat: 40, lng: -90 });

    expect(await geocoding.businessesWithPending(1000)).toContain(businessId);
    const before = standIn.requests.length;
    const summary = await geocoding.geocodePending(businessId, 100);
    // Elm is in the cache from the store; Oak is asked once for two customers; Nowhere once; the thin address never.
    expect(summary).toEqual({ storesLocated: 0, customersLocated: 3, notFound: 2, requests: 2 });
    expect(standIn.requests.length - before).toBe(2);
    expect(await customerRow(elm)).toEqual({ lat: 39.7817, lng: -89.6501, tried: true, nearestStoreId: store.id });
    expect(await customerRow(oak)).toMatchObject({ lat: 39.8011, lng: -89.6436, nearestStoreId: store.id });
    expect(await customerRow(oakToo)).toMatchObject({ lat: 39.8011, lng: -89.6436 });
    expect(await customerRow(lost)).toEqual({ lat: null, lng: null, tried: true, nearestStoreId: null });
    expect(await customerRow(thin)).toMatchObject({ lat: null, tried: true });
    expect(await customerRow(placed)).toMatchObject({ lat: 40, lng: -90, tried: false });

    // Nothing left: a second pass asks nothing.
    expect(await geocoding.geocodePending(businessId, 100)).toEqual({ storesLocated: 0, customersLocated: 0, notFound: 0, requests: 0 });
    expect(await geocoding.businessesWithPending(1000)).not.toContain(businessId);

    // A changed address makes the customer pending again.
    expectStatus(await c.patch(`/v1/customers/${lost}`, { address: ELM }), 200);
    expect(await geocoding.geocodePending(businessId, 100)).toEqual({ storesLocated: 0, customersLocated: 1, notFound: 0, requests: 0 });
    expect(await customerRow(lost)).toMatchObject({ lat: 39.7817, nearestStoreId: store.id });
  });

  it('keeps the cache per business', async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const before = standIn.requests.length;
    await a.c.post('/v1/locations', { name: 'Oak', address: OAK });
    await b.c.post('/v1/locations', { name: 'Oak', address: OAK });
    expect(standIn.requests.length - before).toBe(2);
  });

  it('when the geocoder is down the store is still saved, and a later pass places it', async () => {
    const { c, businessId } = await newBusiness();
    standIn.failing = true;
    try {
      const res = await c.post('/v1/locations', { name: 'Oak', address: OAK });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ lat: null, lng: null });
      await expect(geocoding.geocodePending(businessId)).rejects.toMatchObject({ code: 'GEOCODER_UNAVAILABLE' });
      expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM geocode_cache WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);
    } finally {
      standIn.failing = false;
    }
    expect(await geocoding.geocodePending(businessId)).toMatchObject({ storesLocated: 1, requests: 1 });
  });

  it('geocodeAllPending (the worker\'s geocoding job) walks every business with rows waiting; the worker stopping ends it between businesses', async () => {
    const [one, two] = [await newBusiness(), await newBusiness()];
    const elm = (await one.c.post('/v1/customers', { externalId: 'all-1', address: ELM })).body.id as string;
    const oak = (await two.c.post('/v1/customers', { externalId: 'all-2', address: OAK })).body.id as string;
    const stopped = new AbortController();
    stopped.abort();
    expect(await geocoding.geocodeAllPending(stopped.signal)).toEqual({ storesLocated: 0, customersLocated: 0, notFound: 0, requests: 0 });
    expect(await customerRow(elm)).toMatchObject({ tried: false });
    const summary = await geocoding.geocodeAllPending(new AbortController().signal);
    expect(summary.customersLocated).toBeGreaterThanOrEqual(2);
    expect([await customerRow(elm), await customerRow(oak)]).toEqual([expect.objectContaining({ tried: true }), expect.objectContaining({ tried: true })]);
    expect(await geocoding.businessesWithPending(1000)).toEqual(expect.not.arrayContaining([one.businessId, two.businessId]));
  });

  it('without GOOGLE_MAPS_API_KEY nothing is geocoded and nothing is asked', async () => {
    const offline = await startApi({ GOOGLE_MAPS_BASE_URL: standIn.baseUrl });
    try {
      const { apiKey, businessId } = await signUpBusiness(offline);
      const before = standIn.requests.length;
      const res = await clientFor(offline, apiKey).post('/v1/locations', { name: 'Elm', address: ELM });
      expect(res.body).toMatchObject({ lat: null, lng: null });
      await clientFor(offline, apiKey).post('/v1/customers', { externalId: 'c', address: ELM });
      const service = offline.app.get(GeocodingService);
      expect(await service.businessesWithPending()).toEqual([]);
      expect(await service.geocodePending(businessId)).toEqual({ storesLocated: 0, customersLocated: 0, notFound: 0, requests: 0 });
      expect(standIn.requests.length).toBe(before);
    } finally {
      await offline.close();
    }
  });
});
