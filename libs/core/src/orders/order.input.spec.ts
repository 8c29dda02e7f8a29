import { checkInput } from '../validation/input-class';
import { OrderInput } from './order.input';

const ORDER = { externalId: 'pos-1', customer: { email: 'buyer@example.com' }, total: 23.5, currency: 'USD', channel: 'in_store' };

const problemsOf = (raw: unknown): Record<string, string> => {
  const checked = checkInput(OrderInput, raw);
  return checked.ok ? {} : Object.fromEntries(checked.problems.map((p) => [p.field, p.message]));
};

describe('OrderInput', () => {
  it('accepts the documented order and the optional fields as null', () => {
    expect(problemsOf(ORDER)).toEqual({});
    expect(problemsOf({ ...ORDER, locationId: null, couponCode: null, items: [], createCustomer: false })).toEqual({});
  });

  it('money: non-negative, at most 2 decimals, a number', () => {
    for (const total of [0, 0.01, 10.1, 19.99, 1234567.89, 0.1 + 0.2]) expect(problemsOf({ ...ORDER, total })).toEqual({});
    for (const total of [-0.01, 10.005, 0.001, '23.50', null, Number.MAX_VALUE, 1e12]) {
      expect(problemsOf({ ...ORDER, total })).toEqual({ total: 'must be a non-negative amount with at most 2 decimals' });
    }
  });

  it('names every problem of every line item by its index', () => {
    expect(
      problemsOf({
        ...ORDER,
        items: [
          { sku: 'A', name: 'A', quantity: 1, price: 1 },
          { sku: '', name: 'x'.repeat(201), quantity: 1.5, price: -3, colour: 'red' },
          'B',
          { sku: 'C', name: 'C', quantity: 100001, price: 1 },
        ],
      }),
    ).toEqual({
      'items[1].sku': 'must be a string of 1 to 100 characters',
      'items[1].name': 'must be a string of 1 to 200 characters',
      'items[1].quantity': 'must be a whole number from 1 to 100000',
      'items[1].price': 'must be a non-negative amount with at most 2 decimals',
      'items[1].colour': 'is not a known field',
      'items[2]': 'must be an object',
      'items[3].quantity': 'must be a whole number from 1 to 100000',
    });
    expect(problemsOf({ ...ORDER, items: null })).toEqual({ items: 'must be an array of at most 500 items' });
  });

  it('names every wrong order field at once', () => {
    expect(problemsOf({ customer: { id: 'x' }, currency: 'usd', channel: 'phone', locationId: 'store-1', couponCode: ' ', occurredAt: 'today', tip: 2 })).toEqual({
      externalId: 'must be a non-blank string of at most 255 characters',
      'customer.id': 'must be a UUID',
      total: 'must be a non-negative amount with at most 2 decimals',
      currency: 'must be an ISO 4217 currency code such as USD',
      channel: 'must be "online" or "in_store"',
      locationId: 'must be a UUID',
      couponCode: 'must be a non-blank string of at most 64 characters',
      occurredAt: 'must be an ISO-8601 timestamp with a time zone',
      tip: 'is not a known field',
    });
  });
});
