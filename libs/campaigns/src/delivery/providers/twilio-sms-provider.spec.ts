import twilio from 'twilio';
import { TwilioStandIn } from '@localreach/dev-services';
import { classifyTwilioError, parseRetryAfter, TwilioSmsProvider } from './twilio-sms-provider';

/** A RestException as the SDK builds it from an HTTP error answer. */
function restException(statusCode: number, code: number | undefined, message = 'Twilio says no'): twilio.RestException {
  return new twilio.RestException({ statusCode, body: code === undefined ? { message } : { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: statusCode } });
}

describe('classifyTwilioError', () => {
  it.each([
    [429, 20429, 'transient', false, false],
    [500, 20500, 'transient', false, false],
    [503, undefined, 'transient', false, false],
    [400, 21211, 'permanent', true, false],
    [400, 21610, 'permanent', true, true],
    [400, 21602, 'permanent', false, false],
    [401, 20003, 'permanent', false, false],
    [404, 20404, 'permanent', false, false],
  ])('HTTP %i / %p is %s (suppress %s, opted out %s)', (status, code, kind, suppress, optedOut) => {
    const error = classifyTwilioError(restException(status, code));
    expect({ kind: error.kind, code: error.code, suppress: error.suppress, optedOut: error.optedOut }).toEqual({
      kind, code: code === undefined ? `HTTP_${status}` : String(code), suppress, optedOut,
    });
  });

  it('treats network failures (no HTTP answer) as transient, named by their errno code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyTwilioError(refused)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED', suppress: false });
    expect(classifyTwilioError(new Error('socket hang up'))).toMatchObject({ kind: 'transient', code: 'NETWORK_ERROR' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it.each([
    ['5', 5_000],
    [' 0 ', 0],
    [['7'], 7_000],
    ['Tue, 10 Mar 2026 12:00:30 GMT', 30_000],
    ['Tue, 10 Mar 2026 11:00:00 GMT', 0],
    ['86400', 3_600_000],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p → %p ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('TwilioSmsProvider', () => {
  const base = { publicBaseUrl: 'http://reach.test' };

  it('fails transiently without credentials', async () => {
    const provider = new TwilioSmsProvider({ ...base, twilio: { accountSid: undefined, authToken: undefined, apiBaseUrl: undefined, from: undefined } });
    await expect(provider.send({ to: '+13125550100', from: '+13125550199', body: 'hi' })).rejects.toMatchObject({ kind: 'transient', code: 'TWILIO_NOT_CONFIGURED' });
  });

  it('fails permanently when neither the business nor TWILIO_FROM names a sender', async () => {
    const provider = new TwilioSmsProvider({ ...base, twilio: { accountSid: `AC${'0'.repeat(32)}`, authToken: 't', apiBaseUrl: 'http://127.0.0.1:1', from: undefined } });
    await expect(provider.send({ to: '+13125550100', from: null, body: 'hi' })).rejects.toMatchObject({ kind: 'permanent', code: 'NO_SMS_SENDER' });
  });

  it('carries the Retry-After of a 429 on the transient error it throws', async () => {
    const standIn = await TwilioStandIn.start();
    try {
      const provider = new TwilioSmsProvider({ ...base, twilio: { accountSid: standIn.accountSid, authToken: standIn.authToken, apiBaseUrl: standIn.baseUrl, from: '+15005550006' } });
      standIn.failAllRequests({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: 12 });
      await expect(provider.send({ to: '+13125550100', from: null, body: 'hi' })).rejects.toMatchObject({ kind: 'transient', code: '20429', retryAfterMs: 12_000 });
      standIn.failAllRequests({ status: 500, code: 20500, message: 'Internal Server Error' });
      await expect(provider.send({ to: '+13125550100', from: null, body: 'hi' })).rejects.toMatchObject({ kind: 'transient', code: '20500', retryAfterMs: undefined });
      standIn.clearOutage();
      await expect(provider.send({ to: '+13125550100', from: null, body: 'hi' })).resolves.toMatchObject({ providerId: expect.stringMatching(/^SM/) });
    } finally {
      await standIn.stop();
    }
  });
});
