import type { Customer, PostalAddress } from '@localreach/core';

/** A postal address as templates see it: the parts plus one formatted line. */
export interface AddressContext {
  /** e.g. "412 Alder St, Suite 2, Portland, OR 97205, US" */
  formatted: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
}

export interface CustomerContext {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  /** "YYYY-MM-DD" */
  birthday?: string | null;
  timezone?: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
}

/** The `customer` a template sees, from a stored customer (previews, test sends). */
export function customerContextOf(c: Customer): Required<CustomerContext> {
  return {
    id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone, birthday: c.birthday, timezone: c.timezone,
    attributes: c.attributes, tags: c.tags,
  };
}

export interface BusinessContext {
  name: string;
  address: AddressContext;
  phone?: string | null;
  website?: string | null;
  /** ISO 4217, the default of the `money` helper. */
  currency: string;
  /** IANA zone, the default of `formatDate` when the customer has none. */
  timezone: string;
  /** BCP 47 locale for `money` and `formatDate`; "en-US" when absent. */
  locale?: string | null;
}

export interface StoreContext {
  name: string;
  address?: AddressContext | null;
  phone?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export interface OfferContext {
  couponCode?: string | null;
  /** An ISO-8601 timestamp or date, or a Date. */
  expiresAt?: string | Date | null;
  description?: string | null;
}

/** Filled by the sender: signed per-message URLs. */
export interface LinksContext {
  unsubscribe?: string | null;
  preferences?: string | null;
  viewInBrowser?: string | null;
}

/**
 * The event that started the journey (event triggers only): its type, when it
 * happened and its properties as sent to POST /v1/events (at most 32 KB of JSON).
 */
export interface EventContext {
  type: string;
  /** ISO-8601 timestamp. */
  occurredAt: string;
  properties: Record<string, unknown>;
}

/**
 * Everything a template can reference. `store` and `offer` are absent when the
 * campaign has none, `event` when its trigger is not an event.
 */
export interface TemplateContext {
  customer: CustomerContext;
  business: BusinessContext;
  store?: StoreContext | null;
  offer?: OfferContext | null;
  event?: EventContext | null;
  links: LinksContext;
  message: { id: string };
  campaign: { name: string };
}

/**
 * How a known variable may be used: `value` prints, `list` is a list of values
 * (iterate with #each), `map` accepts any key at any depth, an object lists its keys.
 */
export type VariableShape = 'value' | 'list' | 'map' | { readonly [key: string]: VariableShape };
export type VariableTree = { readonly [key: string]: VariableShape };

const ADDRESS = {
  formatted: 'value',
  line1: 'value',
  line2: 'value',
  city: 'value',
  region: 'value',
  postalCode: 'value',
  country: 'value',
} as const satisfies Record<keyof AddressContext, VariableShape>;

/** The variables a template may reference; the validator rejects anything else. */
export const TEMPLATE_VARIABLES = {
  customer: {
    id: 'value',
    firstName: 'value',
    lastName: 'value',
    email: 'value',
    phone: 'value',
    birthday: 'value',
    timezone: 'value',
    attributes: 'map',
    tags: 'list',
  } satisfies Record<keyof CustomerContext, VariableShape>,
  business: {
    name: 'value',
    address: ADDRESS,
    phone: 'value',
    website: 'value',
    currency: 'value',
    timezone: 'value',
    locale: 'value',
  } satisfies Record<keyof BusinessContext, VariableShape>,
  store: { name: 'value', address: ADDRESS, phone: 'value', lat: 'value', lng: 'value' } satisfies Record<keyof StoreContext, VariableShape>,
  offer: { couponCode: 'value', expiresAt: 'value', description: 'value' } satisfies Record<keyof OfferContext, VariableShape>,
  event: { type: 'value', occurredAt: 'value', properties: 'map' } satisfies Record<keyof EventContext, VariableShape>,
  links: { unsubscribe: 'value', preferences: 'value', viewInBrowser: 'value' } satisfies Record<keyof LinksContext, VariableShape>,
  message: { id: 'value' },
  campaign: { name: 'value' },
} as const satisfies Record<keyof TemplateContext, VariableShape>;

/** Every printable variable path, e.g. "customer.firstName" and "customer.attributes.<key>", for variable pickers. */
export function listTemplateVariables(tree: VariableTree = TEMPLATE_VARIABLES, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, shape]) => {
    const path = `${prefix}${key}`;
    if (shape === 'map') return [`${path}.<key>`];
    if (typeof shape === 'string') return [path];
    return listTemplateVariables(shape, `${path}.`);
  });
}

/** "412 Alder St, Portland, OR 97205, US": the parts present, comma-separated. */
export function formatPostalAddress(address: PostalAddress): string {
  const regionAndCode = [address.region, address.postalCode].filter(Boolean).join(' ');
  return [address.line1, address.line2, address.city, regionAndCode, address.country].filter(Boolean).join(', ');
}

export function addressContext(address: PostalAddress): AddressContext {
  return {
    formatted: formatPostalAddress(address),
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    region: address.region ?? null,
    postalCode: address.postalCode,
    country: address.country,
  };
}

export interface SampleContextOverrides {
  customer?: Partial<CustomerContext>;
  business?: Partial<BusinessContext>;
  store?: StoreContext | null;
  offer?: OfferContext | null;
  event?: EventContext | null;
  links?: LinksContext;
  message?: { id: string };
  campaign?: { name: string };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A sample cart_abandoned event an hour before `now`, with the properties the abandoned-cart preset reads. */
export function sampleEvent(now: Date = new Date()): EventContext {
  return {
    type: 'cart_abandoned',
    occurredAt: new Date(now.getTime() - DAY_MS / 24).toISOString(),
    properties: {
      cartUrl: 'https://mapleandcrumb.example.com/cart/8F3K2',
      value: 18.5,
      items: [{ name: 'Sourdough loaf', quantity: 1, price: 7.5 }, { name: 'Cinnamon roll', quantity: 2, price: 5.5 }],
    },
  };
}

/**
 * A realistic context for template previews: a sample customer of a sample
 * bakery, with a store and an offer expiring two weeks after `now`. Each
 * section of `overrides` is merged over the sample (pass the real business to
 * preview with its name and address).
 */
export function sampleTemplateContext(overrides: SampleContextOverrides = {}, now: Date = new Date()): TemplateContext {
  const storeAddress = addressContext({ line1: '412 Alder St', line2: 'Suite 2', city: 'Portland', region: 'OR', postalCode: '97205', country: 'US' });
  return {
    customer: {
      id: '00000000-0000-4000-8000-000000000001',
      firstName: 'Jamie',
      lastName: 'Rivera',
      email: 'jamie.rivera@example.com',
      phone: '+15035550123',
      birthday: '1990-06-15',
      timezone: 'America/Los_Angeles',
      attributes: { favouriteItem: 'sourdough loaf', loyaltyPoints: 120 },
      tags: ['regular', 'newsletter'],
      ...overrides.customer,
    },
    business: {
      name: 'Maple & Crumb Bakery',
      address: storeAddress,
      phone: '+15035550100',
      website: 'https://mapleandcrumb.example.com',
      currency: 'USD',
      timezone: 'America/Los_Angeles',
      locale: 'en-US',
      ...overrides.business,
    },
    store: overrides.store !== undefined ? overrides.store : { name: 'Alder Street', address: storeAddress, phone: '+15035550100', lat: 45.5191, lng: -122.6823 },
    offer:
      overrides.offer !== undefined
        ? overrides.offer
        : { couponCode: 'WELCOME10', expiresAt: new Date(now.getTime() + 14 * DAY_MS).toISOString(), description: '10% off your next order' },
    event: overrides.event !== undefined ? overrides.event : sampleEvent(now),
    links: {
      unsubscribe: 'https://example.com/u/preview',
      preferences: 'https://example.com/u/preview/preferences',
      viewInBrowser: 'https://example.com/m/preview',
      ...overrides.links,
    },
    message: overrides.message ?? { id: '00000000-0000-4000-8000-000000000002' },
    campaign: overrides.campaign ?? { name: 'Preview' },
  };
}
