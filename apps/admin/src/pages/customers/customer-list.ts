/** The customer list's filters as the API takes them: empty fields left out. */
export interface CustomerFilters {
  q: string;
  tag: string;
  consentEmail: '' | 'granted' | 'denied' | 'unknown';
  consentSms: '' | 'granted' | 'denied' | 'unknown';
  sort: 'createdAt' | 'updatedAt' | 'lastName' | 'firstName' | 'email';
  order: 'asc' | 'desc';
}

export type CustomerQuery = Partial<Omit<CustomerFilters, 'consentEmail' | 'consentSms'>> & { consentEmail?: 'granted' | 'denied' | 'unknown'; consentSms?: 'granted' | 'denied' | 'unknown' };

export const DEFAULT_FILTERS: CustomerFilters = { q: '', tag: '', consentEmail: '', consentSms: '', sort: 'createdAt', order: 'desc' };

export function customerQuery(f: CustomerFilters): CustomerQuery {
  const query: CustomerQuery = { sort: f.sort, order: f.order };
  if (f.q.trim() !== '') query.q = f.q.trim();
  if (f.tag.trim() !== '') query.tag = f.tag.trim();
  if (f.consentEmail) query.consentEmail = f.consentEmail;
  if (f.consentSms) query.consentSms = f.consentSms;
  return query;
}

/** The name to show: first and last name, else the email, the phone or the external id. */
export function displayName(c: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null; externalId: string | null; id: string }): string {
  const name = [c.firstName, c.lastName].filter((p) => p && p.trim() !== '').join(' ');
  return name || c.email || c.phone || c.externalId || c.id;
}

/** "128 customers", "about 1.2 million customers" when the API only estimated. */
export function totalText(total: number, estimate: boolean, locale?: string): string {
  const n = new Intl.NumberFormat(locale, estimate ? { notation: 'compact', maximumFractionDigits: 1 } : {}).format(total);
  return `${estimate ? 'about ' : ''}${n} customer${total === 1 ? '' : 's'}`;
}
