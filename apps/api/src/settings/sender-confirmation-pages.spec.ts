import { confirmationPage, notTheFormPage, resultPage } from './sender-confirmation-pages';

const seen = { businessName: 'Rosa <script>x</script>', address: 'hello@rosa.example', confirmedAt: null, expiresAt: new Date('2026-03-04T15:00:00Z') };

describe('sender confirmation pages', () => {
  it('a valid link shows a form that POSTs back, and escapes what the business typed', () => {
    const page = confirmationPage({ ...seen, state: 'valid' }, '/sender-confirmation/tok');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<form method="post" action="/sender-confirmation/tok"><input type="hidden" name="action" value="confirm">');
    expect(page.html).toContain('Rosa &lt;script&gt;x&lt;/script&gt;');
    expect(page.html).not.toContain('<script>');
  });

  it.each([
    ['invalid', 404, 'This link is not valid'],
    ['used', 410, 'This link was already used'],
    ['expired', 410, 'This link has expired'],
    ['taken', 409, 'Another business sends from this domain'],
    ['confirmed', 200, 'Sender confirmed'],
  ] as const)('%s: %i, "%s"', (state, status, title) => {
    const outcome = state === 'invalid' ? { state } : { ...seen, state, confirmedAt: new Date('2026-03-02T16:00:00Z') };
    const page = state === 'confirmed' ? resultPage(outcome) : confirmationPage(outcome, '/x');
    expect(page.status).toBe(status);
    expect(page.html).toContain(`<title>${title}</title>`);
    expect(page.html).not.toContain('<form');
  });

  it('a POST that is not the button changes nothing: 400', () => {
    expect(notTheFormPage().status).toBe(400);
  });
});
