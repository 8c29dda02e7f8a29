import { composeConfirmationMail, confirmationUrl, SENDER_CONFIRMATION_HEADER } from './sender-confirmation-mail';

describe('the sender confirmation mail', () => {
  const token = 'A'.repeat(64);
  const mail = composeConfirmationMail({
    businessName: 'Rosa <b>& Co</b>', address: 'hello@rosa.example', token, expiresAt: new Date('2026-03-04T15:00:00Z'), publicBaseUrl: 'https://reach.example.com',
  });

  it('goes to the address from the platform\'s default sender, marked and automatic', () => {
    expect(mail.to).toBe('hello@rosa.example');
    expect(mail.from).toEqual({ name: 'LocalReach', address: 'no-reply@localreach.invalid' });
    expect(mail.replyTo).toBeNull();
    expect(mail.headers).toEqual({ [SENDER_CONFIRMATION_HEADER]: '1', 'Auto-Submitted': 'auto-generated' });
    expect(mail.messageId).toMatch(/^<sender-confirmation-[0-9a-f-]{36}@localreach\.invalid>$/);
    expect(mail.subject).toBe('Confirm hello@rosa.example as the sender of Rosa <b>& Co</b>');
  });

  it('carries the link and its expiry in both parts, the business name escaped in HTML', () => {
    const url = `https://reach.example.com/sender-confirmation/${token}`;
    expect(confirmationUrl('https://reach.example.com', token)).toBe(url);
    expect(mail.text).toContain(`\n${url}\n`);
    expect(mail.text).toContain('until 2026-03-04 15:00 UTC');
    expect(mail.html).toContain(`<a href="${url}">${url}</a>`);
    expect(mail.html).toContain('Rosa &lt;b&gt;&amp; Co&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>');
  });
});
