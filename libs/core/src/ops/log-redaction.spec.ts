import pino from 'pino';
import { Writable } from 'node:stream';
import { redactingPinoOptions, redactText, redactUrl, redactValue } from './log-redaction';

describe('log redaction', () => {
  it.each([
    ['/u/AQHx9f3k2-abc_DEF?view=confirm', '/u/[token]?view=confirm'],
    ['/t/AQHx9f3k2-abc_DEF', '/t/[token]'],
    ['/sender-confirmation/D4-tW9nLTWKhZXCGdyiVDvq3bCxkR1o2Zx4s8QhTz0uHqS1gBq5Vw3y7_aZ1Lk9R', '/sender-confirmation/[token]'],
    ['/t/c/AQHWKuZ8HDlPe52F20XX6B_eAACpOkBP', '/t/c/[token]'],
    ['/t/o/AQDWKuZ8HDlPe52F20XX6B_e/x.gif', '/t/o/[token]'],
    ['/v1/customers?email=ana%40example.com&limit=50', '/v1/customers?email=[redacted]&limit=50'],
    ['/v1/customers?q=ana%20lo&phone=%2B13125550123&sort=lastName', '/v1/customers?q=[redacted]&phone=[redacted]&sort=lastName'],
    ['/v1/customers?cursor=eyJhIjoiYW5hQGV4YW1wbGUuY29tIn0', '/v1/customers?cursor=[redacted]'],
    ['/v1/customers/email:ana@example.com', '/v1/customers/email:[email]'],
    ['/v1/messages?campaignId=5b1c0e9e-7a3f-4d2b-9c1e-0f2a3b4c5d6e&status=sent', '/v1/messages?campaignId=5b1c0e9e-7a3f-4d2b-9c1e-0f2a3b4c5d6e&status=sent'],
    ['/v1/reports/overview?from=2026-01-01&to=2026-02-01', '/v1/reports/overview?from=2026-01-01&to=2026-02-01'],
    ['/health', '/health'],
  ])('redactUrl(%s) = %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each([
    ['Bearer lr_4f9aXb_Qk2-7zPq0', 'Bearer lr_[redacted]'],
    ['550 5.1.1 <Bob.Smith+news@mail.example.co.uk>: Recipient address rejected', '550 5.1.1 <[email]>: Recipient address rejected'],
    ['Key (phone)=(+13125550123) already exists', 'Key (phone)=([phone]) already exists'],
    ['call (312) 555-0123 or +44 20 7946 0958', 'call [phone] or [phone]'],
    ['enrollment 5b1c0e9e-7a3f-4d2b-9c1e-0f2a3b4c5d6e step mail-1 failed at 2026-12-07T10:00:00Z after 1796642139736 ms', 'enrollment 5b1c0e9e-7a3f-4d2b-9c1e-0f2a3b4c5d6e step mail-1 failed at 2026-12-07T10:00:00Z after 1796642139736 ms'],
  ])('redactText(%s) = %s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('scrubs nested plain objects and errors, leaving class instances to their serializers', () => {
    const error = new Error('duplicate key: ana@example.com');
    const date = new Date(0);
    expect(redactValue({ to: ['ana@example.com'], nested: { phone: '+13125550123', n: 3 }, error, date })).toEqual({
      to: ['[email]'], nested: { phone: '[phone]', n: 3 }, error: { type: 'Error', message: 'duplicate key: [email]', stack: expect.stringContaining('duplicate key: [email]') }, date,
    });
  });

  it('a pino logger with the options writes no email, phone, key or token, in messages, objects, errors or requests', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
    const logger = pino({ level: 'info', ...redactingPinoOptions() }, sink);
    logger.info('sent to ana@example.com');
    logger.warn({ to: '+13125550123', key: 'lr_4f9aXb_Qk2-7zPq0' }, 'provider refused');
    logger.error({ err: new Error('550 <bob@example.com> rejected') }, 'failed');
    logger.info({ req: { id: 1, method: 'GET', url: '/u/SECRETTOKEN123?x=bob%40example.com', headers: { authorization: 'Bearer lr_4f9aXb_Qk2-7zPq0' } } }, 'request');
    const text = lines.join('');
    for (const secret of ['ana@example.com', '+13125550123', 'lr_4f9aXb_Qk2-7zPq0', 'bob@example.com', 'bob%40example.com', 'SECRETTOKEN123', 'authorization']) {
      expect(text).not.toContain(secret);
    }
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]).req).toEqual({ id: 1, method: 'GET', url: '/u/[token]?x=[redacted]' });
  });
});
