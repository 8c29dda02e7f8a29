import type { BusinessContext, CustomerContext, TemplateContext } from './template-context';
import { TemplateRenderer } from './template-renderer';

const renderer = new TemplateRenderer({ partials: { layout: '{{> @partial-block}}' } });

function context(customer: Partial<CustomerContext> = {}, business: Partial<BusinessContext> = {}, extra: Partial<TemplateContext> = {}): TemplateContext {
  return {
    customer: { id: 'c-1', firstName: 'jamie rivera', timezone: 'America/New_York', attributes: {}, tags: [], ...customer },
    business: {
      name: 'Corner Gym',
      address: { formatted: '', line1: '', city: '', postalCode: '', country: 'US' },
      currency: 'USD',
      timezone: 'Asia/Tokyo',
      ...business,
    },
    links: {},
    message: { id: 'm-1' },
    campaign: { name: 'c' },
    ...extra,
  };
}

function render(body: string, ctx: TemplateContext = context()): string {
  return renderer.render({ channel: 'sms', body }, ctx).body;
}

describe('template helpers', () => {
  describe('money', () => {
    it.each([
      ['12.5 in the business currency (USD)', '{{money 12.5}}', context(), '$12.50'],
      ['an explicit currency', "{{money 5 'GBP'}}", context(), '£5.00'],
      ['EUR as the business currency, en-US', '{{money 1234.5}}', context({}, { currency: 'EUR' }), '€1,234.50'],
      // de-DE puts a no-break space before the sign.
      ['EUR in a de-DE business', '{{money 1234.5}}', context({}, { currency: 'EUR', locale: 'de-DE' }), '1.234,50\u00a0€'],
      ['a currency without minor units', "{{money 1234 'JPY'}}", context(), '¥1,234'],
      ['a numeric string (an attribute)', '{{money customer.attributes.spent}}', context({ attributes: { spent: '7.5' } }), '$7.50'],
      ['a lower-case code', "{{money 3 'eur'}}", context(), '€3.00'],
      ['an unknown currency code', "{{money 12.5 'XX'}}", context(), '12.50 XX'],
      ['a missing amount', '{{money customer.attributes.spent}}', context(), ''],
      ['a non-numeric amount', "{{money 'lots'}}", context(), ''],
    ])('formats %s', (_name, body, ctx, expected) => {
      expect(render(body, ctx)).toBe(expected);
    });

    it('formats a plain number when no currency is known', () => {
      expect(render('{{money 2}}', context({}, { currency: '' }))).toBe('2.00');
    });
  });

  describe('formatDate', () => {
    // 03:30 UTC on 10 March 2024 is 22:30 on 9 March in New York (EST, before that night's DST change)
    // and 12:30 on 10 March in Tokyo.
    const instant = '2024-03-10T03:30:00Z';
    const withExpiry = (customer: Partial<CustomerContext> = {}, business: Partial<BusinessContext> = {}) =>
      context(customer, business, { offer: { expiresAt: instant } });

    it.each([
      ["in the customer's zone, the previous day", "{{formatDate offer.expiresAt 'MMMM d'}}", withExpiry(), 'March 9'],
      ['with the time', "{{formatDate offer.expiresAt 'MMMM d, h:mm a'}}", withExpiry(), 'March 9, 10:30 PM'],
      ['in an explicit zone', "{{formatDate offer.expiresAt 'MMMM d' 'Europe/Berlin'}}", withExpiry(), 'March 10'],
      ["in the business's zone when the customer has none", "{{formatDate offer.expiresAt 'MMMM d, HH:mm'}}", withExpiry({ timezone: null }), 'March 10, 12:30'],
      ['past an invalid zone argument, in the customer zone', "{{formatDate offer.expiresAt 'MMMM d' 'Mars/Base'}}", withExpiry(), 'March 9'],
      ['in UTC when no zone is valid', "{{formatDate offer.expiresAt 'MMMM d, HH:mm'}}", withExpiry({ timezone: 'nowhere' }, { timezone: 'nope' }), 'March 10, 03:30'],
      ['with the default format', '{{formatDate offer.expiresAt}}', withExpiry(), 'March 9, 2024'],
      ['in the business locale', "{{formatDate offer.expiresAt 'd. MMMM'}}", withExpiry({}, { locale: 'de-DE' }), '9. März'],
      ['a birthday the same in every zone (Honolulu)', "{{formatDate customer.birthday 'MMMM d'}}", context({ birthday: '1990-06-15', timezone: 'Pacific/Honolulu' }), 'June 15'],
      ['a birthday the same in every zone (Kiritimati)', "{{formatDate customer.birthday 'MMMM d'}}", context({ birthday: '1990-06-15', timezone: 'Pacific/Kiritimati' }), 'June 15'],
      ['an offset timestamp, converted', "{{formatDate offer.expiresAt 'yyyy-MM-dd HH:mm'}}", context({}, {}, { offer: { expiresAt: '2024-07-01T23:15:00-07:00' } }), '2024-07-02 02:15'],
      ['a Date', "{{formatDate offer.expiresAt 'MMMM d HH:mm'}}", context({}, {}, { offer: { expiresAt: new Date(Date.UTC(2024, 0, 1, 4, 59)) } }), 'December 31 23:59'],
      ['a missing value as empty', "{{formatDate offer.expiresAt 'MMMM d'}}", context(), ''],
      ['a value that is not a date as empty', "{{formatDate 'soon' 'MMMM d'}}", context(), ''],
    ])('formats %s', (_name, body, ctx, expected) => {
      expect(render(body, ctx)).toBe(expected);
    });
  });

  describe('default', () => {
    it.each([
      ['null', null, 'friend'],
      ['undefined', undefined, 'friend'],
      ['an empty string', '', 'friend'],
      ['zero', 0, '0'],
      ['false', false, 'false'],
      ['a value', 'Ana', 'Ana'],
    ])('for %s gives %s', (_name, value, expected) => {
      expect(render("{{default customer.attributes.nick 'friend'}}", context({ attributes: { nick: value } }))).toBe(expected);
    });

    it('can fall back to another variable', () => {
      expect(render('{{default customer.attributes.nick customer.firstName}}', context())).toBe('jamie rivera');
    });
  });

  describe('case helpers', () => {
    it.each([
      ['{{upper customer.firstName}}', 'JAMIE RIVERA'],
      ["{{lower 'ÉCLAIR Day'}}", 'éclair day'],
      ['{{capitalize customer.firstName}}', 'Jamie rivera'],
      ['{{capitalize customer.lastName}}|{{upper customer.lastName}}|{{lower customer.lastName}}', '||'],
      ['{{upper (default customer.lastName customer.firstName)}}', 'JAMIE RIVERA'],
    ])('%s', (body, expected) => {
      expect(render(body)).toBe(expected);
    });
  });

  describe('eq', () => {
    const tier = (value: unknown) => context({ attributes: { tier: value } });

    it.each([
      ['gold', 'Gold!'],
      ['silver', 'Hi'],
      [undefined, 'Hi'],
    ])('inside #if, tier %s', (value, expected) => {
      expect(render("{{#if (eq customer.attributes.tier 'gold')}}Gold!{{else}}Hi{{/if}}", tier(value))).toBe(expected);
    });

    it('as a block, keeping the context for both branches', () => {
      const body = "{{#eq customer.attributes.tier 'gold'}}{{customer.firstName}} is gold{{else}}{{customer.firstName}} is not{{/eq}}";
      expect(render(body, tier('gold'))).toBe('jamie rivera is gold');
      expect(render(body, tier('bronze'))).toBe('jamie rivera is not');
    });

    it('compares strictly, with null and missing equal', () => {
      expect(render('{{eq customer.attributes.tier 3}}|{{eq customer.attributes.tier "3"}}', tier(3))).toBe('true|false');
      expect(render('{{eq customer.attributes.tier customer.lastName}}', tier(null))).toBe('true');
    });
  });

  it('lookup reads attributes whose keys are not identifiers', () => {
    expect(render("{{lookup customer.attributes 'favourite item'}}", context({ attributes: { 'favourite item': 'flat white' } }))).toBe('flat white');
  });
});
