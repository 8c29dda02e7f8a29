import { addressContext, formatPostalAddress, listTemplateVariables, sampleTemplateContext, TEMPLATE_VARIABLES } from './template-context';

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

describe('formatPostalAddress', () => {
  it.each([
    ['a US address', { line1: '412 Alder St', line2: 'Suite 2', city: 'Portland', region: 'OR', postalCode: '97205', country: 'US' }, '412 Alder St, Suite 2, Portland, OR 97205, US'],
    ['an address without region or second line', { line1: '10 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' }, '10 Rue de Rivoli, Paris, 75001, FR'],
  ])('formats %s', (_name, address, expected) => {
    expect(formatPostalAddress(address)).toBe(expected);
  });

  it('builds the template address with its parts', () => {
    expect(addressContext({ line1: '1 High St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' })).toEqual({
      formatted: '1 High St, Leeds, LS1 1AA, GB',
      line1: '1 High St',
      line2: null,
      city: 'Leeds',
      region: null,
      postalCode: 'LS1 1AA',
      country: 'GB',
    });
  });
});

describe('listTemplateVariables', () => {
  it('lists every printable path, attributes as a pattern', () => {
    const paths = listTemplateVariables();
    expect(paths).toEqual(expect.arrayContaining(['customer.firstName', 'customer.attributes.<key>', 'customer.tags', 'business.address.formatted', 'store.address.city', 'offer.couponCode', 'links.unsubscribe', 'message.id', 'campaign.name']));
    expect(paths).not.toContain('business.address');
    expect(paths).toEqual(expect.arrayContaining(['event.type', 'event.occurredAt', 'event.properties.<key>']));
    // customer 9, business 6 + 7 address parts, store 4 + 7, offer 3, event 3, links 3, message 1, campaign 1
    expect(paths).toHaveLength(44);
  });
});

describe('sampleTemplateContext', () => {
  const now = new Date('2025-05-01T12:00:00Z');

  it('fills every known variable', () => {
    const sample = sampleTemplateContext({}, now);
    const missing = listTemplateVariables()
      .filter((path) => !path.endsWith('<key>'))
      .filter((path) => valueAt(sample, path) === undefined || valueAt(sample, path) === null);
    expect(missing).toEqual([]);
    expect(Object.keys(sample).sort()).toEqual(Object.keys(TEMPLATE_VARIABLES).sort());
  });

  it('has an offer expiring two weeks after now', () => {
    expect(sampleTemplateContext({}, now).offer?.expiresAt).toBe('2025-05-15T12:00:00.000Z');
  });

  it('merges overrides per section and can drop the store and offer', () => {
    const sample = sampleTemplateContext({ business: { name: 'Iron Gym', currency: 'EUR' }, customer: { firstName: 'Lee' }, store: null, offer: null }, now);
    expect(sample.business).toMatchObject({ name: 'Iron Gym', currency: 'EUR', timezone: 'America/Los_Angeles' });
    expect(sample.customer).toMatchObject({ firstName: 'Lee', lastName: 'Rivera' });
    expect(sample.store).toBeNull();
    expect(sample.offer).toBeNull();
  });
});
