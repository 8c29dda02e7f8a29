/**
 * The newsletter both sides of the broadcast benchmark send: a Handlebars
 * template in the shipped layout (our template, stored through the API) and
 * the same sources rendered by plain Handlebars in the raw baseline.
 */

export const SENDER = { name: 'Bench Bakery', address: 'news@bench-bakery.example.com' };

export const NEWSLETTER = {
  name: 'Bench newsletter',
  subject: 'This week at {{business.name}}, {{customer.firstName}}',
  html: `{{#> layout}}
<h1 style="margin:0 0 16px;font-size:24px;">Fresh this week, {{customer.firstName}}</h1>
<p style="margin:0 0 16px;">Our bakers have been busy: sourdough with rye from the valley, cardamom buns on Saturdays,
and a new lemon tart that sold out twice last week. Come early if you want one.</p>
<p style="margin:0 0 16px;">The shop at {{business.address.formatted}} opens at 7 every morning, and the café corner
now serves breakfast until noon. See the <a href="https://bench-bakery.example.com/menu?utm_source=newsletter" style="color:#7a4b2a;">full menu</a>
or <a href="https://bench-bakery.example.com/order?utm_source=newsletter" style="color:#7a4b2a;">order ahead online</a>.</p>
<p style="margin:0 0 16px;padding:16px;background:#f4f1ec;border-radius:6px;">Loyalty members: show this email at the till for a free coffee with any pastry until Sunday.
<a href="https://bench-bakery.example.com/loyalty?utm_source=newsletter" style="color:#7a4b2a;">How the card works</a>.</p>
<p style="margin:0;">See you soon,<br>The {{business.name}} team</p>
{{/layout}}`,
  text: `Fresh this week, {{customer.firstName}}

Our bakers have been busy: sourdough with rye from the valley, cardamom buns on Saturdays,
and a new lemon tart that sold out twice last week. Come early if you want one.

The shop at {{business.address.formatted}} opens at 7 every morning, and the café corner now serves
breakfast until noon. Full menu: https://bench-bakery.example.com/menu?utm_source=newsletter
Order ahead: https://bench-bakery.example.com/order?utm_source=newsletter

Loyalty members: show this email at the till for a free coffee with any pastry until Sunday.
How the card works: https://bench-bakery.example.com/loyalty?utm_source=newsletter

See you soon,
The {{business.name}} team

Unsubscribe: {{links.unsubscribe}}`,
};

export const BUSINESS_ADDRESS = { line1: '12 Market Street', city: 'Portland', region: 'OR', postalCode: '97204', country: 'US' };
export const BUSINESS_ADDRESS_FORMATTED = '12 Market Street, Portland, OR 97204, US';
