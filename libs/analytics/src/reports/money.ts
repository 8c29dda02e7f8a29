/**
 * Money in reports is rounded to the currency's minor unit when a report is serialised (JSON and CSV
 * alike): sums of float8 amounts and per-recipient means otherwise show as 4665.666666666667. The
 * figures behind ratios (ROI, lifts, p-values) are computed before rounding; only what is shown as
 * money is rounded.
 */

const digitsByCurrency = new Map<string, number>();

/** Decimals of the currency's minor unit (USD 2, JPY 0, BHD 3), from Intl; 2 for a code Intl does not know. */
export function currencyDigits(currency: string): number {
  const code = currency.trim().toUpperCase();
  let digits = digitsByCurrency.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(code, digits);
  }
  return digits;
}

/** An amount rounded half away from zero to the currency's minor unit (null stays null; −0 becomes 0). */
export function roundMoney(amount: number, currency: string): number;
export function roundMoney(amount: number | null, currency: string): number | null;
export function roundMoney(amount: number | null, currency: string): number | null {
  if (amount === null || !Number.isFinite(amount)) return amount;
  const scale = 10 ** currencyDigits(currency);
  // Scale through the decimal string so 1.005 rounds to 1.01 (1.005 * 100 is 100.49999… in binary).
  const scaled = Number(`${Math.abs(amount)}e${Math.log10(scale)}`);
  const rounded = Math.sign(amount) * Math.round(scaled) / scale;
  return rounded === 0 ? 0 : rounded;
}

/** Fields that are money wherever they appear in a report. */
const MONEY_FIELDS = new Set([
  'revenue', 'cost', 'spend', 'attributedRevenue', 'revenueSum', 'monetary', 'averageOrderValue', 'cltv', 'revenuePerCustomer', 'holdoutCampaignSpend',
]);
/** Objects whose estimates and interval ends are money (an amount or an amount per recipient). */
const MONEY_OBJECTS = new Set(['incrementalRevenue', 'revenuePerRecipientDifference', 'revenue_per_recipient', 'revenuePerRecipient']);
/** Inside those, the fields that are amounts (a lift inside is a ratio and is left alone). */
const MONEY_PARTS = new Set(['estimate', 'low', 'high', 'value', 'difference', 'minimumDetectableEffect']);
/** Ratios nested in a money object. */
const NOT_MONEY = new Set(['lift', 'pValue', 'adjustedPValue', 'chanceToBeatControl', 'chanceToBeBest']);

function walk(value: unknown, key: string | null, inMoney: boolean, currency: string): unknown {
  if (typeof value === 'number') return (key !== null && (MONEY_FIELDS.has(key) || (inMoney && MONEY_PARTS.has(key)))) ? roundMoney(value, currency) : value;
  if (Array.isArray(value)) return value.map((v) => walk(v, key, inMoney, currency));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const money = NOT_MONEY.has(k) ? false : MONEY_OBJECTS.has(k) || inMoney;
    out[k] = walk(v, k, money, currency);
  }
  return out;
}

/**
 * A report with every money figure rounded to the currency's minor unit: the one step every report takes
 * before it is written as JSON or CSV (new reports adopt it: name money fields as these do, or add the
 * field to MONEY_FIELDS). Counts, rates, ratios and p-values are left as they are.
 */
export function roundReportMoney<T>(report: T, currency: string): T {
  return walk(report, null, false, currency) as T;
}
