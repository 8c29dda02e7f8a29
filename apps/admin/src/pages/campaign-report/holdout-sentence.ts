import type { Schemas } from '@localreach/api-client';

export type HoldoutReport = Schemas['HoldoutReportDto'];
type Estimate = Schemas['EstimateWithIntervalDto'];

export type HoldoutTone = 'no-holdout' | 'no-data' | 'unclear' | 'positive' | 'negative';

export interface HoldoutReading {
  tone: HoldoutTone;
  sentence: string;
}

interface Numbers {
  currency: string;
  /** The campaign's last-touch ROI (funnel), null when nothing was spent. */
  lastTouchRoi: number | null;
  locale?: string;
}

const complete = (e: Estimate | null | undefined): e is { estimate: number; low: number; high: number } =>
  !!e && e.estimate !== null && e.low !== null && e.high !== null && [e.estimate, e.low, e.high].every(Number.isFinite);

/**
 * What the holdout says, in one plain sentence: what the campaign caused beyond what held-out
 * customers did anyway, with its 95% range, beside the last-touch ROI (which credits the campaign
 * with every order after a click). Judged on incremental revenue: "unclear" while its interval
 * includes zero.
 */
export function readHoldout(holdout: HoldoutReport | null, { currency, lastTouchRoi, locale }: Numbers): HoldoutReading {
  const money = (n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
  const count = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  const pct = (n: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n);
  const lastTouch = lastTouchRoi === null ? 'Nothing was spent, so there is no last-touch ROI.' : `Last-touch ROI, which credits it with every order after a click, is ${pct(lastTouchRoi)}.`;
  if (!holdout) {
    return { tone: 'no-holdout', sentence: `This campaign holds nobody out, so what it caused cannot be told apart from what customers would have bought anyway. ${lastTouch}` };
  }
  const u = holdout.uplift;
  const revenue = u?.incrementalRevenue;
  // The API says why in words when an arm is empty or too small for an interval.
  if (holdout.tooSmall && (!u || !complete(revenue))) return { tone: 'no-data', sentence: `${holdout.tooSmall.message} ${lastTouch}` };
  if (!u || !complete(revenue) || holdout.treated.conversions + holdout.control.conversions === 0) {
    return {
      tone: 'no-data',
      sentence: `Not enough data yet: ${holdout.treated.n} messaged and ${holdout.control.n} held out, ${holdout.treated.conversions + holdout.control.conversions} of them ordered. `
        + `Both groups need more customers, and some orders, before the difference means anything. ${lastTouch}`,
    };
  }
  const orders = u.incrementalConversions;
  const ordersPart = complete(orders) ? `${count(orders.estimate)} orders (between ${count(orders.low)} and ${count(orders.high)})` : null;
  const roi = holdout.incrementalRoi;
  const roiPart = complete(roi) ? `an incremental ROI of ${pct(roi.estimate)} (between ${pct(roi.low)} and ${pct(roi.high)})` : 'no incremental ROI (nothing was spent)';
  const range = `between ${money(revenue.low)} and ${money(revenue.high)}`;
  if (revenue.low <= 0 && revenue.high >= 0) {
    return {
      tone: 'unclear',
      sentence: `Too early to tell: customers who got the messages spent ${money(Math.abs(revenue.estimate))} ${revenue.estimate >= 0 ? 'more' : 'less'} than they would have without them, `
        + `but the 95% range, ${range}, includes zero, so the difference may be chance. ${lastTouch}`,
    };
  }
  if (revenue.low > 0) {
    return {
      tone: 'positive',
      sentence: `The campaign caused about ${money(revenue.estimate)} of revenue that would not have happened otherwise (95% range: ${range})`
        + `${ordersPart ? `, from ${ordersPart} more` : ''}: ${roiPart}. ${lastTouch}`,
    };
  }
  return {
    tone: 'negative',
    sentence: `Customers who got the messages spent less than those held out: about ${money(-revenue.estimate)} less (95% range: ${range}): ${roiPart}. ${lastTouch}`,
  };
}
