import { ProviderError } from '../delivery.errors';
import { classifySmtpError, SmtpEmailProvider } from './smtp-email-provider';

/** What nodemailer throws: an Error with SMTP reply fields or a socket errno. */
function nodemailerError(fields: { message?: string; code?: string; responseCode?: number; response?: string; errno?: number }): Error {
  return Object.assign(new Error(fields.message ?? 'failed'), fields);
}

describe('classifySmtpError', () => {
  it.each([
    [421, 'transient', false],
    [450, 'transient', false],
    [451, 'transient', false],
    [452, 'transient', false],
    [550, 'permanent', true],
    [551, 'permanent', true],
    [553, 'permanent', true],
    [552, 'permanent', false],
    [554, 'permanent', false],
  ])('SMTP %i is %s (suppress the address: %s)', (responseCode, kind, suppress) => {
    const error = classifySmtpError(nodemailerError({ code: 'EENVELOPE', responseCode, response: `${responseCode} 5.1.1 mailbox says no` }));
    expect(error).toBeInstanceOf(ProviderError);
    expect({ kind: error.kind, code: error.code, suppress: error.suppress, optedOut: error.optedOut }).toEqual({ kind, code: String(responseCode), suppress, optedOut: false });
    expect(error.message).toBe(`${responseCode} 5.1.1 mailbox says no`);
  });

  it.each([
    // Linux errno values as nodemailer reports them on code ESOCKET.
    [-111, 'ECONNREFUSED'],
    [-110, 'ETIMEDOUT'],
    [-104, 'ECONNRESET'],
  ])('a socket error with errno %i is transient %s', (errno, name) => {
    const error = classifySmtpError(nodemailerError({ code: 'ESOCKET', errno, message: `connect ${name} 127.0.0.1:25` }));
    expect({ kind: error.kind, code: error.code, suppress: error.suppress }).toEqual({ kind: 'transient', code: name, suppress: false });
  });

  it.each(['ETIMEDOUT', 'ECONNECTION', 'EAUTH', 'EDNS'])('nodemailer code %s without a reply is transient', (code) => {
    expect(classifySmtpError(nodemailerError({ code })).kind).toBe('transient');
  });

  it.each(['EENVELOPE', 'EMESSAGE'])('nodemailer code %s without a reply (nothing to address or build) is permanent, no suppression', (code) => {
    const error = classifySmtpError(nodemailerError({ code, message: 'No recipients defined' }));
    expect({ kind: error.kind, code: error.code, suppress: error.suppress }).toEqual({ kind: 'permanent', code, suppress: false });
  });

  it('treats anything unrecognised as transient and keeps the cause', () => {
    const cause = new Error('something odd');
    const error = classifySmtpError(cause);
    expect({ kind: error.kind, code: error.code }).toEqual({ kind: 'transient', code: 'SMTP_ERROR' });
    expect(error.cause).toBe(cause);
    expect(classifySmtpError('a string').kind).toBe('transient');
  });
});

describe('SmtpEmailProvider without SMTP_URL', () => {
  it('fails transiently so the message waits for configuration', async () => {
    const provider = new SmtpEmailProvider({ smtpUrl: undefined, dkim: undefined });
    const mail = { from: { name: 'x', address: 'x@example.com' }, replyTo: null, to: 'y@example.com', subject: 's', html: '', text: '', messageId: '<1@x>', headers: {} };
    await expect(provider.send(mail)).rejects.toMatchObject({ kind: 'transient', code: 'SMTP_NOT_CONFIGURED' });
    await provider.close();
  });
});
