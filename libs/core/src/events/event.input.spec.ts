import { DomainError } from '../errors/domain-error';
import { customerRefOf } from '../validation/customer-ref.input';
import { ProblemList } from '../validation/field-checks';
import { checkInput } from '../validation/input-class';
import { EventBatchInput, EventInput, parseEventBody } from './event.input';

const problemsOf = (raw: unknown): Record<string, string> => {
  try {
    parseEventBody(raw);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('INVALID_EVENTS');
    return Object.fromEntries(error.details.map((p) => [p.field, p.message]));
  }
  throw new Error('expected INVALID_EVENTS');
};

const VISIT = { type: 'visit', customer: { email: 'ana@example.com' } };

describe('EventInput / EventBatchInput', () => {
  it('a body with `events` is a batch, anything else one event', () => {
    expect(parseEventBody(VISIT)).toBeInstanceOf(EventInput);
    const batch = parseEventBody({ events: [VISIT, VISIT], createCustomer: false });
    expect(batch).toBeInstanceOf(EventBatchInput);
    expect((batch as EventBatchInput).events[1]).toBeInstanceOf(EventInput);
  });

  it('names every problem of a single event at its plain field', () => {
    expect(
      problemsOf({ type: '9lives', customer: { email: 'not-an-email' }, properties: [1], occurredAt: '2025-03-01T09:00:00', idempotencyKey: '', createCustomer: null, colour: 1 }),
    ).toEqual({
      type: 'must start with a letter and hold up to 64 letters, digits, _ . : -',
      'customer.email': 'must be a valid email address',
      properties: 'must be a JSON object',
      occurredAt: 'must be an ISO-8601 timestamp with a time zone',
      idempotencyKey: 'must be a string of 1 to 255 characters',
      createCustomer: 'must be true or false',
      colour: 'is not a known field',
    });
  });

  it('names the problems of a batch item events[i].field, with the batch fields by name', () => {
    expect(problemsOf({ events: [VISIT, { ...VISIT, type: '' }, 'visit', { ...VISIT, customer: {} }], createCustomer: 0, source: 'pos' })).toEqual({
      'events[1].type': 'must start with a letter and hold up to 64 letters, digits, _ . : -',
      'events[2]': 'must be an object',
      'events[3].customer': 'must hold exactly one of id, externalId, email, phone',
      createCustomer: 'must be true or false',
      source: 'is not a known field',
    });
  });

  it('a customer holds exactly one of id, externalId, email, phone (null counts as not given)', () => {
    expect(problemsOf({ ...VISIT, customer: { email: 'a@example.com', phone: '+12175550100' } })).toEqual({ customer: 'must hold exactly one of id, externalId, email, phone' });
    expect(problemsOf({ ...VISIT, customer: 'a@example.com' })).toEqual({ customer: 'must be an object with exactly one of id, externalId, email, phone' });
    expect(problemsOf({ type: 'visit' })).toEqual({ customer: 'must be an object with exactly one of id, externalId, email, phone' });
    expect(problemsOf({ ...VISIT, customer: { id: 'x', shoeSize: 42 } })).toEqual({ 'customer.id': 'must be a UUID', 'customer.shoeSize': 'is not a known field' });
    expect(problemsOf({ ...VISIT, customer: { externalId: '  ' } })).toEqual({ 'customer.externalId': 'must be a non-blank string of at most 255 characters' });
    expect(parseEventBody({ ...VISIT, customer: { email: 'a@example.com', phone: null } })).toBeInstanceOf(EventInput);
  });

  it('a batch holds 1 to 1,000 events; a larger one is refused without checking each', () => {
    expect(problemsOf({ events: [] })).toEqual({ events: 'must be an array of 1 to 1000 items' });
    expect(problemsOf({ events: Array.from({ length: 1001 }, () => ({ type: '' })) })).toEqual({ events: 'must be an array of 1 to 1000 items' });
    expect(parseEventBody({ events: Array.from({ length: 1000 }, () => VISIT) })).toBeInstanceOf(EventBatchInput);
  });

  it('properties: a JSON object of at most 32 KB, or null', () => {
    const big = { note: 'x'.repeat(32 * 1024 - 11) };
    expect(Buffer.byteLength(JSON.stringify(big))).toBe(32 * 1024);
    expect(parseEventBody({ ...VISIT, properties: big })).toBeInstanceOf(EventInput);
    expect(problemsOf({ ...VISIT, properties: { note: `${big.note}x` } })).toEqual({ properties: 'must be at most 32768 bytes of JSON' });
    expect(checkInput(EventInput, { ...VISIT, properties: null }).ok).toBe(true);
  });
});

describe('customerRefOf', () => {
  const refOf = (customer: object, country: 'US' | 'GB' = 'US') => {
    const out = new ProblemList();
    const checked = checkInput(EventInput, { type: 'visit', customer });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return { ref: customerRefOf(checked.value.customer, 'events[2].customer', country, out), problems: out.problems };
  };

  it('normalises the one key given', () => {
    expect(refOf({ id: 'A1B2C3D4-0000-4000-8000-00000000000F' }).ref).toEqual({ id: 'a1b2c3d4-0000-4000-8000-00000000000f' });
    expect(refOf({ email: ' Ana@Example.COM ' }).ref).toEqual({ email: 'ana@example.com' });
    expect(refOf({ externalId: ' crm-7 ', phone: null }).ref).toEqual({ externalId: 'crm-7' });
  });

  it("reads a phone in the business's country, naming the field when it is not a number there", () => {
    expect(refOf({ phone: '(217) 555-0100' }).ref).toEqual({ phone: '+12175550100' });
    expect(refOf({ phone: '020 7946 0018' }, 'GB').ref).toEqual({ phone: '+442079460018' });
    expect(refOf({ phone: '555' })).toEqual({ ref: undefined, problems: [{ field: 'events[2].customer.phone', message: 'must be a valid phone number' }] });
  });
});
