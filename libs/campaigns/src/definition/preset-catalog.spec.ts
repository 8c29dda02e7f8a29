import { TemplateLibrary } from '../templates';
import { PRESET_NAMES } from './campaign-presets';
import { presetCatalog } from './preset-catalog';

describe('preset catalogue', () => {
  const catalog = presetCatalog();
  const byKey = new Map(catalog.map((p) => [p.key, p]));

  it('lists every preset once, in order', () => expect(catalog.map((p) => p.key)).toEqual([...PRESET_NAMES]));

  it('nearby_offer needs a geofence id; the others take only name and storeId', () => {
    const required = Object.fromEntries(catalog.map((p) => [p.key, p.params.filter((x) => x.required).map((x) => x.name)]));
    expect(required).toEqual({ welcome_series: [], abandoned_cart: [], birthday_offer: [], nearby_offer: ['geofenceId'], win_back: [] });
    expect(byKey.get('nearby_offer')?.params.find((x) => x.name === 'geofenceId')).toMatchObject({ type: 'string', format: 'uuid' });
    expect(byKey.get('nearby_offer')?.trigger).toEqual({ type: 'geofence', summary: 'When a customer enters geofence "given as params.geofenceId" while its store is open' });
  });

  it('abandoned cart in brief: the steps, their templates, goal, re-entry and priority', () => {
    const cart = byKey.get('abandoned_cart')!;
    expect(cart.steps.map((s) => [s.id, s.type, s.templateKey])).toEqual([
      ['wait-1h', 'wait', null], ['ordered-after-1h', 'branch', null], ['reminder-email', 'email', 'abandoned-cart'], ['wait-1d', 'wait', null],
      ['ordered-after-1d', 'branch', null], ['reminder-sms', 'sms', 'abandoned-cart-sms'], ['done', 'exit', null],
    ]);
    expect(cart.steps[0].summary).toBe('Wait 1 hour → ordered-after-1h');
    expect(cart.steps[2].summary).toBe('Send an email (template abandoned-cart) → wait-1d');
    expect(cart).toMatchObject({
      name: 'Abandoned cart', templateKeys: ['abandoned-cart', 'abandoned-cart-sms'], priority: 'high', createsSegment: null,
      goal: 'An order within 7 days of enrolment ends the journey as converted', reentry: 'A customer can enter again 1 day after their last entry',
      trigger: { type: 'event', summary: 'When event "cart_abandoned" is received' },
    });
  });

  it('win_back creates its segment and names it in the trigger', () => {
    const winBack = byKey.get('win_back')!;
    expect(winBack.createsSegment?.name).toBe('Lapsed customers (no order in 60 days)');
    expect(winBack.trigger.summary).toBe('When a customer enters segment "Lapsed customers (no order in 60 days)"');
  });

  it('every template key a preset uses is shipped', () => {
    const shipped = new Set(new TemplateLibrary().presets().map((t) => t.name));
    for (const p of catalog) for (const key of p.templateKeys) expect({ preset: p.key, key, shipped: shipped.has(key) }).toEqual({ preset: p.key, key, shipped: true });
  });
});
