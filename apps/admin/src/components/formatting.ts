/** Dates and numbers as the person reading expects them (their browser's locale and zone). */
export function formatDateTime(value: string | null | undefined, locale?: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/**
 * An amount in its currency. Below one unit it keeps up to four decimals: a campaign's spend is
 * often fractions of a cent per message, and "$0.00" beside a ROI of thousands of percent misleads.
 */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const small = amount !== 0 && Math.abs(amount) < 1;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, ...(small ? { maximumFractionDigits: 4 } : {}) }).format(amount);
}

export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** "850 m" under a kilometre, "12.4 km", "123 km". */
export function formatDistance(meters: number, locale?: string): string {
  if (meters < 1000) return `${Math.round(meters)} m`;
  const km = meters / 1000;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: km < 100 ? 1 : 0 }).format(km)} km`;
}
