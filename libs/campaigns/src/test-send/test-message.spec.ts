import { resolveBusinessSettings } from '@localreach/core';
import { FALLBACK_FROM_ADDRESS } from '../delivery/message-composition';
import { assembleTestEmail, assembleTestSms, testRecipient } from './test-message';

describe('test messages', () => {
  it.each([
    ['email', ' Me@Example.COM ', { to: 'me@example.com' }],
    ['email', '+15035550123', { problem: 'must be an email address: the step sends email' }],
    ['sms', '+1 (503) 555-0123', { to: '+15035550123' }],
    ['sms', '+447911123456', { to: '+447911123456' }],
    // E.164 only: a national number is not guessed at.
    ['sms', '(503) 555-0123', { problem: 'must be a phone number in E.164 form such as +15035550123: the step sends SMS' }],
    ['sms', 'me@example.com', { problem: 'must be a phone number in E.164 form such as +15035550123: the step sends SMS' }],
  ] as const)('%s recipient %j', (channel, raw, expected) => expect(testRecipient(channel, raw, 'US')).toEqual(expected));

  it('an email: [TEST] subject, links untouched, no List-Unsubscribe, the test header, the business sender or the fallback', () => {
    const rendered = { subject: 'Hello Jo', html: '<p><a href="https://shop.example/menu">Menu</a></p>', text: 'Menu: https://shop.example/menu' };
    const settings = resolveBusinessSettings({ sender: { email: { fromName: 'Ana', fromAddress: 'hi@maple.example', replyTo: 'ana@maple.example' } } });
    const mail = assembleTestEmail(rendered, { id: 'abc', to: 'me@example.com', business: { name: 'Maple', settings } });
    expect(mail).toEqual({
      from: { name: 'Ana', address: 'hi@maple.example' }, replyTo: 'ana@maple.example', to: 'me@example.com', subject: '[TEST] Hello Jo',
      html: rendered.html, text: rendered.text, messageId: '<test-abc@maple.example>', headers: { 'X-LocalReach-Test': 'abc' },
    });
    const fallback = assembleTestEmail(rendered, { id: 'abc', to: 'me@example.com', business: { name: 'Maple', settings: resolveBusinessSettings({}) } });
    expect(fallback.from).toEqual({ name: 'Maple', address: FALLBACK_FROM_ADDRESS });
    expect(fallback.messageId).toBe('<test-abc@localreach.invalid>');
  });

  it('an SMS: [TEST] first, STOP text last', () => {
    expect(assembleTestSms({ body: 'Maple: your cart is saved.' }, { to: '+15035550123', from: null }))
      .toEqual({ to: '+15035550123', from: null, body: '[TEST] Maple: your cart is saved.\nReply STOP to opt out.' });
  });
});
