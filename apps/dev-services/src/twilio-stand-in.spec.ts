import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { TwilioStandIn } from './twilio-stand-in';

interface CapturedRequest {
  path: string;
  signature: string;
  userAgent: string;
  params: Record<string, string>;
}

/** A stand-in for the product's webhook endpoint: records what Twilio would deliver. */
class WebhookReceiver {
  readonly requests: CapturedRequest[] = [];
  responseStatus = 200;
  responseBody = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  private readonly server = http.createServer((req, res) => this.capture(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async waitForCount(count: number, timeoutMs = 3000): Promise<CapturedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.requests.length}/${count} webhook requests`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.requests;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private capture(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      this.requests.push({
        path: req.url ?? '',
        signature: String(req.headers['x-twilio-signature'] ?? ''),
        userAgent: String(req.headers['user-agent'] ?? ''),
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      res.writeHead(this.responseStatus, { 'Content-Type': 'text/xml' });
      res.end(this.responseBody);
    });
  }
}

/** Twilio's documented algorithm, written out independently of the SDK. */
function referenceSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

async function restError(promise: Promise<unknown>): Promise<twilio.RestException> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof twilio.RestException) return err;
    throw err;
  }
  throw new Error('request unexpectedly succeeded');
}

const FROM = '+15005550006';
const TO = '+14155552671';

describe('TwilioStandIn with the official twilio SDK', () => {
  let standIn: TwilioStandIn;
  let client: twilio.Twilio;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    standIn = await TwilioStandIn.start({ callbackDelayMs: 10 });
    client = twilio(standIn.accountSid, standIn.authToken);
    client.api.baseUrl = standIn.baseUrl;
    receiver = new WebhookReceiver();
    await receiver.start();
  });

  afterEach(async () => {
    await standIn.stop();
    await receiver.stop();
  });

  it('uses Twilio-shaped development credentials and a loopback base URL', () => {
    expect(standIn.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(standIn.authToken).toMatch(/^[0-9a-f]{32}$/);
    expect(standIn.baseUrl).toBe(`http://127.0.0.1:${standIn.port}`);
  });

  it('creates a message and returns a Twilio message resource', async () => {
    const message = await client.messages.create({ to: TO, from: FROM, body: 'Your table is ready' });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.accountSid).toBe(standIn.accountSid);
    expect(message.to).toBe(TO);
    expect(message.from).toBe(FROM);
    expect(message.body).toBe('Your table is ready');
    expect(message.status).toBe('queued');
    expect(message.numSegments).toBe('1');
    expect(message.direction).toBe('outbound-api');
    expect(message.price).toBeNull();
    expect(message.errorCode).toBeNull();
    expect(message.apiVersion).toBe('2010-04-01');
    expect(message.uri).toBe(`/2010-04-01/Accounts/${standIn.accountSid}/Messages/${message.sid}.json`);
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(Math.abs(message.dateCreated.getTime() - Date.now())).toBeLessThan(5000);

    expect(standIn.messages).toHaveLength(1);
    expect(standIn.messages[0]).toMatchObject({ sid: message.sid, to: TO, from: FROM, body: 'Your table is ready' });
  });

  it('sends date_created in RFC 2822 format on the wire', async () => {
    const response = await fetch(`${standIn.baseUrl}/2010-04-01/Accounts/${standIn.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${standIn.accountSid}:${standIn.authToken}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: TO, From: FROM, Body: 'hi' }).toString(),
    });
    expect(response.status).toBe(201);
    const json = (await response.json()) as Record<string, unknown>;
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(json.num_segments).toBe('1');
    expect(json.price).toBeNull();
    expect(json.error_code).toBeNull();
  });

  it('accepts a MessagingServiceSid instead of From', async () => {
    const messagingServiceSid = `MG${'ab'.repeat(16)}`;
    const message = await client.messages.create({ to: TO, messagingServiceSid, body: 'via service' });
    expect(message.messagingServiceSid).toBe(messagingServiceSid);
    expect(standIn.messages[0].messagingServiceSid).toBe(messagingServiceSid);
  });

  it('fetches a message whose status advances to delivered', async () => {
    const statusCallback = receiver.url('/status');
    const created = await client.messages.create({ to: TO, from: FROM, body: 'hello', statusCallback });
    await receiver.waitForCount(2);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.sid).toBe(created.sid);
    expect(fetched.body).toBe('hello');
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it('returns 404 / 20404 for an unknown message', async () => {
    const err = await restError(client.messages(`SM${'0'.repeat(32)}`).fetch());
    expect(err.status).toBe(404);
    expect(err.code).toBe(20404);
  });

  it('rejects wrong credentials with 401 / 20003', async () => {
    const intruder = twilio(standIn.accountSid, 'f'.repeat(32));
    intruder.api.baseUrl = standIn.baseUrl;
    const err = await restError(intruder.messages.create({ to: TO, from: FROM, body: 'x' }));
    expect(err.status).toBe(401);
    expect(err.code).toBe(20003);
    expect(err.moreInfo).toBe('https://www.twilio.com/docs/errors/20003');
    expect(standIn.messages).toHaveLength(0);
  });

  it.each(['4155552671', '+0155552671', '+1415', 'not-a-number', '+1415555267112345'])(
    'rejects the invalid To number %s with 400 / 21211',
    async (to) => {
      const err = await restError(client.messages.create({ to, from: FROM, body: 'x' }));
      expect(err.status).toBe(400);
      expect(err.code).toBe(21211);
      expect(err.message).toBe(`The 'To' number ${to} is not a valid phone number.`);
    },
  );

  it('returns an injected 429 / 20429 for a limited number of attempts', async () => {
    standIn.failNumber(TO, { status: 429, code: 20429, message: 'Too Many Requests', times: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const err = await restError(client.messages.create({ to: TO, from: FROM, body: 'retry me' }));
      expect(err.status).toBe(429);
      expect(err.code).toBe(20429);
      expect(err.message).toBe('Too Many Requests');
    }
    const message = await client.messages.create({ to: TO, from: FROM, body: 'retry me' });
    expect(message.status).toBe('queued');
    expect(standIn.messages).toHaveLength(1);
  });

  it('returns an injected 400 / 21610 (unsubscribed) until failures are cleared', async () => {
    const message = 'Attempt to send to unsubscribed recipient';
    standIn.failNumber(TO, { status: 400, code: 21610, message });
    for (let attempt = 0; attempt < 3; attempt++) {
      const err = await restError(client.messages.create({ to: TO, from: FROM, body: 'promo' }));
      expect([err.status, err.code, err.message]).toEqual([400, 21610, message]);
    }
    const other = await client.messages.create({ to: '+14155550100', from: FROM, body: 'promo' });
    expect(other.to).toBe('+14155550100');
    standIn.clearFailures();
    await expect(client.messages.create({ to: TO, from: FROM, body: 'promo' })).resolves.toBeDefined();
  });

  it('refuses every message request while an outage is set: 429 with Retry-After, then 500, then accepts again', async () => {
    standIn.failAllRequests({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: 7 });
    const limited = await fetch(`${standIn.baseUrl}/2010-04-01/Accounts/${standIn.accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${standIn.accountSid}:${standIn.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: TO, From: FROM, Body: 'x' }).toString(),
    });
    expect([limited.status, limited.headers.get('retry-after'), ((await limited.json()) as { code: number }).code]).toEqual([429, '7', 20429]);
    standIn.failAllRequests({ status: 500, code: 20500, message: 'Internal Server Error' });
    const err = await restError(client.messages.create({ to: '+14155550100', from: FROM, body: 'x' }));
    expect([err.status, err.code]).toEqual([500, 20500]);
    standIn.clearOutage();
    await client.messages.create({ to: TO, from: FROM, body: 'x' });
    expect(standIn.messages).toHaveLength(1);
    expect(standIn.refusedRequests.map((r) => [r.status, r.to])).toEqual([[429, TO], [500, '+14155550100']]);
  });

  it('returns an injected 500 / 20500', async () => {
    standIn.failNumber(TO, { status: 500, code: 20500, message: 'Internal Server Error', times: 1 });
    const err = await restError(client.messages.create({ to: TO, from: FROM, body: 'x' }));
    expect([err.status, err.code]).toEqual([500, 20500]);
  });

  // Expected counts follow 3GPP TS 23.038: GSM-7 holds 160 septets in one SMS or 153 per
  // concatenated part; extension-table characters (€ [ ] { } ^ ~ | \ and form feed) take two
  // septets and an escape pair is never split; anything else forces UCS-2: 70 UTF-16 code
  // units in one SMS, 67 per concatenated part, and a surrogate pair is never split.
  it.each<[string, string, string]>([
    ['160 GSM chars', 'a'.repeat(160), '1'],
    ['161 GSM chars', 'a'.repeat(161), '2'],
    ['306 GSM chars', 'a'.repeat(306), '2'],
    ['307 GSM chars', 'a'.repeat(307), '3'],
    ['80 euro signs (160 septets)', '€'.repeat(80), '1'],
    ['159 chars + euro (161 septets)', 'a'.repeat(159) + '€', '2'],
    ['escape pair cannot straddle parts', 'a'.repeat(152) + '€' + 'a'.repeat(152), '3'],
    ['GSM accents stay GSM-7', 'é'.repeat(160), '1'],
    ['70 Cyrillic chars', 'ж'.repeat(70), '1'],
    ['71 Cyrillic chars', 'ж'.repeat(71), '2'],
    ['134 Cyrillic chars', 'ж'.repeat(134), '2'],
    ['135 Cyrillic chars', 'ж'.repeat(135), '3'],
    ['one emoji forces UCS-2', 'a'.repeat(68) + '😀', '1'],
    ['emoji is two code units', 'a'.repeat(69) + '😀', '2'],
    ['surrogate pair cannot straddle parts', 'a'.repeat(66) + '😀' + 'a'.repeat(66), '3'],
  ])('counts segments: %s', async (_label, body, expected) => {
    const message = await client.messages.create({ to: TO, from: FROM, body });
    expect(message.numSegments).toBe(expected);
  });

  it('posts signed sent/delivered status callbacks', async () => {
    const callbackUrl = receiver.url('/webhooks/twilio/status?tenant=t1');
    const message = await client.messages.create({ to: TO, from: FROM, body: 'hi', statusCallback: callbackUrl });
    const [sent, delivered] = await receiver.waitForCount(2);

    expect(sent.params).toMatchObject({ MessageSid: message.sid, MessageStatus: 'sent', SmsStatus: 'sent' });
    expect(delivered.params).toEqual(
      expect.objectContaining({
        MessageSid: message.sid,
        MessageStatus: 'delivered',
        SmsStatus: 'delivered',
        AccountSid: standIn.accountSid,
        From: FROM,
        To: TO,
      }),
    );
    expect(delivered.params).not.toHaveProperty('ErrorCode');
    for (const request of [sent, delivered]) {
      expect(request.path).toBe('/webhooks/twilio/status?tenant=t1');
      expect(twilio.validateRequest(standIn.authToken, request.signature, callbackUrl, request.params)).toBe(true);
      expect(request.signature).toBe(referenceSignature(standIn.authToken, callbackUrl, request.params));
      expect(twilio.validateRequest('0'.repeat(32), request.signature, callbackUrl, request.params)).toBe(false);
      const tampered = { ...request.params, To: '+14155550100' };
      expect(twilio.validateRequest(standIn.authToken, request.signature, callbackUrl, tampered)).toBe(false);
    }
  });

  it('reports undelivered with an error code when a delivery outcome is set', async () => {
    standIn.setDeliveryOutcome(TO, 'undelivered', 30005);
    const callbackUrl = receiver.url('/status');
    const message = await client.messages.create({ to: TO, from: FROM, body: 'hi', statusCallback: callbackUrl });
    const [sent, final] = await receiver.waitForCount(2);

    expect(sent.params.MessageStatus).toBe('sent');
    expect(final.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30005' });
    expect(twilio.validateRequest(standIn.authToken, final.signature, callbackUrl, final.params)).toBe(true);
    const fetched = await client.messages(message.sid).fetch();
    expect([fetched.status, fetched.errorCode]).toEqual(['undelivered', 30005]);
  });

  it('reports failed with a default error code', async () => {
    standIn.setDeliveryOutcome(TO, 'failed');
    await client.messages.create({ to: TO, from: FROM, body: 'hi', statusCallback: receiver.url('/status') });
    const [, final] = await receiver.waitForCount(2);
    expect(final.params.MessageStatus).toBe('failed');
    expect(final.params.ErrorCode).toMatch(/^\d{5}$/);
  });

  it('records callback failures without crashing', async () => {
    receiver.responseStatus = 500;
    const unreachable = 'http://127.0.0.1:1/status';
    await client.messages.create({ to: TO, from: FROM, body: 'a', statusCallback: receiver.url('/status') });
    await client.messages.create({ to: TO, from: FROM, body: 'b', statusCallback: unreachable });
    await client.messages.create({ to: TO, from: FROM, body: 'c', statusCallback: 'https://example.com/cb' });

    const deadline = Date.now() + 3000;
    while (standIn.callbackErrors.length < 6 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(standIn.callbackErrors).toHaveLength(6);
    expect(standIn.callbackErrors.filter((e) => e.error === 'HTTP 500')).toHaveLength(2);
    expect(standIn.callbackErrors.filter((e) => e.url === unreachable)).toHaveLength(2);
    expect(standIn.callbackErrors.filter((e) => /loopback/.test(e.error))).toHaveLength(2);
    await expect(client.messages.create({ to: TO, from: FROM, body: 'still up' })).resolves.toBeDefined();
  });

  it('sends a signed inbound message webhook and returns the app response', async () => {
    receiver.responseBody = '<Response><Message>You are unsubscribed.</Message></Response>';
    const url = receiver.url('/webhooks/twilio/inbound');
    const result = await standIn.sendInbound({ from: TO, to: FROM, body: 'STOP', url });

    expect(result).toEqual({ status: 200, body: '<Response><Message>You are unsubscribed.</Message></Response>' });
    const [inbound] = receiver.requests;
    expect(inbound.params).toMatchObject({
      From: TO,
      To: FROM,
      Body: 'STOP',
      NumMedia: '0',
      AccountSid: standIn.accountSid,
      SmsStatus: 'received',
    });
    expect(inbound.params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.validateRequest(standIn.authToken, inbound.signature, url, inbound.params)).toBe(true);
    expect(inbound.signature).toBe(referenceSignature(standIn.authToken, url, inbound.params));
  });

  it('waitFor resolves on arrival and clear() empties the log', async () => {
    const pending = standIn.waitFor((sms) => sms.body === 'second');
    await client.messages.create({ to: TO, from: FROM, body: 'first' });
    await client.messages.create({ to: TO, from: FROM, body: 'second' });
    expect((await pending).body).toBe('second');
    await expect(standIn.waitFor((sms) => sms.body === 'nope', 30)).rejects.toThrow(/no matching message/);
    standIn.clear();
    expect(standIn.messages).toHaveLength(0);
  });
});
