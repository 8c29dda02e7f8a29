import { seededRandom } from '@localreach/core';

// The demo's draws come from the one seeded generator the benches and simulations use too.
export { seededRandom };
/**
 * Deterministic demo data for `npm start`: a bakery with three stores in
 * Portland, Oregon and ~200 customers around them, seeded through the public
 * API like a real integration would.
 */

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kemi', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tara'];
const LAST = ['Lopez', 'Nguyen', 'Smith', 'Okafor', 'Kowalski', 'Haddad', 'Tanaka', 'Brown', 'Garcia', 'Ivanova', 'Patel', 'Murphy'];
const TAGS = ['newsletter', 'vip', 'wholesale', 'gluten_free', 'coffee_club'];

export const DEMO_BUSINESS = {
  name: 'Rosa\'s Bakery (demo)',
  timezone: 'America/Los_Angeles',
  currency: 'USD',
  country: 'US',
  address: { line1: '820 SW Alder St', city: 'Portland', region: 'OR', postalCode: '97205', country: 'US' },
};

const WEEKDAY_HOURS = { mon: [['07:00', '18:00']], tue: [['07:00', '18:00']], wed: [['07:00', '18:00']], thu: [['07:00', '18:00']], fri: [['07:00', '19:00']], sat: [['08:00', '16:00']] };

export const DEMO_STORES = [
  { name: 'Downtown', lat: 45.5198, lng: -122.6796, address: { line1: '820 SW Alder St', city: 'Portland', region: 'OR', postalCode: '97205', country: 'US' }, openingHours: WEEKDAY_HOURS },
  { name: 'Alberta Arts', lat: 45.559, lng: -122.6445, address: { line1: '1500 NE Alberta St', city: 'Portland', region: 'OR', postalCode: '97211', country: 'US' }, openingHours: { ...WEEKDAY_HOURS, sun: [['09:00', '14:00']] } },
  { name: 'Sellwood', lat: 45.4646, lng: -122.6532, address: { line1: '7000 SE 13th Ave', city: 'Portland', region: 'OR', postalCode: '97202', country: 'US' }, openingHours: WEEKDAY_HOURS },
];

export interface DemoCustomer {
  externalId: string;
  email: string;
  phone: string;
  firstName: string;
  lastName: string;
  birthday: string;
  timezone: string;
  lat: number;
  lng: number;
  tags: string[];
  attributes: Record<string, unknown>;
  consent: Record<string, { status: 'granted' | 'denied'; source: string }>;
}

export function demoCustomers(count: number, random = seededRandom(42)): DemoCustomer[] {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const store = pick(DEMO_STORES);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    return {
      externalId: `demo-${String(i + 1).padStart(4, '0')}`,
      email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
      // 555 exchange: the North American plan's numbers for fiction.
      phone: `+1503555${String(i).padStart(4, '0')}`,
      firstName: first,
      lastName: last,
      birthday: `${1960 + Math.floor(random() * 45)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      timezone: 'America/Los_Angeles',
      lat: Math.round((store.lat + (random() - 0.5) * 0.08) * 1e5) / 1e5,
      lng: Math.round((store.lng + (random() - 0.5) * 0.1) * 1e5) / 1e5,
      tags: TAGS.filter(() => random() < 0.25),
      attributes: { loyaltyPoints: Math.floor(random() * 500), favoriteItem: pick(['croissant', 'sourdough', 'cinnamon roll', 'baguette']) },
      consent: {
        email: { status: random() < 0.85 ? 'granted' : 'denied', source: 'form' },
        sms: { status: random() < 0.5 ? 'granted' : 'denied', source: 'pos' },
      },
    };
  });
}
