import { DEMO_BUSINESS, DEMO_STORES, demoCustomers, seededRandom } from './demo-data';

export interface DemoState {
  businessId: string;
  businessName: string;
  apiKey: string;
  customers: number;
  stores: number;
}

async function call<T>(baseUrl: string, method: string, path: string, body: unknown, apiKey?: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path} failed with ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

const CUSTOMER_COUNT = 200;

/** Seeds the demo business through the public API, as an integration would. */
export async function seedDemo(baseUrl: string): Promise<DemoState> {
  const signUp = await call<{ apiKey: string; business: { id: string; name: string } }>(baseUrl, 'POST', '/v1/businesses', DEMO_BUSINESS);
  const key = signUp.apiKey;
  const storeIds: string[] = [];
  for (const store of DEMO_STORES) {
    storeIds.push((await call<{ id: string }>(baseUrl, 'POST', '/v1/locations', { ...store, timezone: DEMO_BUSINESS.timezone }, key)).id);
  }
  const random = seededRandom(7);
  const customers = demoCustomers(CUSTOMER_COUNT);
  for (const batch of chunks(customers, 20)) {
    await Promise.all(batch.map((c) => call(baseUrl, 'POST', '/v1/customers', c, key)));
  }
  const events: Record<string, unknown>[] = customers.flatMap((c, i) =>
    random() < 0.4 ? [{ type: 'page_viewed', customer: { externalId: c.externalId }, properties: { path: '/menu' }, idempotencyKey: `demo-view-${i}` }] : [],
  );
  // Its own random sequence: the orders below stay what they were.
  events.push(...demoCarts(customers.map((c) => c.externalId), seededRandom(11)));
  for (const batch of chunks(events, 500)) await call(baseUrl, 'POST', '/v1/events', { events: batch }, key);
  let orderNo = 0;
  for (const c of customers) {
    const orders = Math.floor(random() * 4);
    for (let n = 0; n < orders; n++) {
      orderNo += 1;
      const daysAgo = Math.floor(random() * 120);
      const inStore = random() < 0.7;
      await call(baseUrl, 'POST', '/v1/orders', {
        externalId: `demo-order-${orderNo}`,
        customer: { externalId: c.externalId },
        total: Math.round((4 + random() * 60) * 100) / 100,
        currency: 'USD',
        channel: inStore ? 'in_store' : 'online',
        ...(inStore ? { locationId: storeIds[Math.floor(random() * storeIds.length)] } : {}),
        occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      }, key);
    }
  }
  return { businessId: signUp.business.id, businessName: signUp.business.name, apiKey: key, customers: customers.length, stores: storeIds.length };
}

const CART_ITEMS = [
  { name: 'Sourdough loaf', price: 7.5 }, { name: 'Cinnamon roll', price: 3.25 }, { name: 'Rye bread', price: 6 }, { name: 'Almond croissant', price: 4.5 },
];

/**
 * cart_abandoned events as an online shop sends them: the cart's link and its
 * items, which the abandoned-cart preset's email and SMS show.
 */
function demoCarts(externalIds: string[], random: () => number): Record<string, unknown>[] {
  return externalIds.flatMap((externalId, i) => {
    if (random() >= 0.1) return [];
    const items = CART_ITEMS.filter(() => random() < 0.5).map((item) => ({ ...item, quantity: 1 + Math.floor(random() * 3) }));
    if (items.length === 0) items.push({ ...CART_ITEMS[0], quantity: 1 });
    const value = Math.round(items.reduce((sum, item) => sum + item.price * item.quantity, 0) * 100) / 100;
    return [{
      type: 'cart_abandoned', customer: { externalId }, idempotencyKey: `demo-cart-${i}`,
      properties: { cartUrl: `https://shop.example.com/cart/demo-${i}`, value, items },
    }];
  });
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
