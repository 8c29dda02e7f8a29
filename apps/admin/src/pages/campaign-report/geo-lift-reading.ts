import type { Schemas } from '@localreach/api-client';
import { ApiError } from '../../api/api-error';

export type GeoLiftReport = Schemas['GeoLiftReportDto'];
type Figure = Schemas['GeoLiftFigureDto'];

export type GeoLiftTone = 'too-small' | 'unclear' | 'positive' | 'negative';

export interface GeoLiftReading {
  tone: GeoLiftTone;
  /** The headline: what the campaign caused, in one sentence. */
  sentence: string;
  /** Who was compared with whom. */
  comparison: string;
  /** The parallel-trends check, in plain words (null when there is no estimate). */
  preTrend: { ok: boolean; sentence: string } | null;
}

/** The section is left out for campaigns not aimed at an area (the API says so with 422 CAMPAIGN_NOT_AREA). */
export function isNotAreaCampaign(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && error.code === 'CAMPAIGN_NOT_AREA';
}

const spans = (f: Figure) => f.low <= 0 && f.high >= 0;

/**
 * What the geo lift says: incremental orders and revenue with their 95% ranges, judged on revenue
 * ("unclear" while its range includes zero, as the holdout reading does), who was compared, and
 * whether customers in the area and the comparison moved alike before the campaign.
 */
export function readGeoLift(r: GeoLiftReport, locale?: string): GeoLiftReading {
  const money = (n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: r.currency, maximumFractionDigits: 0 }).format(n);
  const count = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  const whole = (n: number) => new Intl.NumberFormat(locale).format(n);
  const stores = r.comparison.stores.map((s) => s.name);
  const storeList = stores.length <= 1 ? stores.join('') : `${stores.slice(0, -1).join(', ')} and ${stores[stores.length - 1]}`;
  const comparison = stores.length === 0
    ? 'There is no other store with a position to compare against.'
    : `${whole(r.groups.treatedCustomers)} customers living in the area (${r.area.description}) against ${whole(r.groups.comparisonCustomers)} living around ${storeList}`
      + `${r.comparison.mode === 'auto' ? ' (chosen automatically: every other store)' : ''}, weighted so their past ordering matches; `
      + `${r.windows.preDays} days before the start against ${count(r.windows.postDaysObserved)} days after.`;
  const orders = r.incrementalOrders;
  const revenue = r.incrementalRevenue;
  if (r.status === 'too_small' || !orders || !revenue) {
    return { tone: 'too-small', sentence: `Too few customers to estimate anything: ${r.reasons.join('; ')}.`, comparison, preTrend: null };
  }
  const range = (f: Figure, fmt: (n: number) => string) => `between ${fmt(f.low)} and ${fmt(f.high)}`;
  const preTrend = r.preTrend
    ? r.preTrend.parallel
      ? { ok: true, sentence: 'Before the campaign, customers in the area and the comparison customers changed their ordering alike, so the comparison is a fair stand-in for what would have happened without it.' }
      : { ok: false, sentence: `Caution: before the campaign, customers in the area were already changing their ordering differently from the comparison customers (the same method finds ${count(r.preTrend.orders.estimate)} "extra" orders before anything was sent). Part of the lift shown may be that drift rather than the campaign.` }
    : null;
  if (spans(revenue)) {
    return {
      tone: 'unclear', comparison, preTrend,
      sentence: `Too early to tell: customers in the area spent ${money(Math.abs(revenue.estimate))} ${revenue.estimate >= 0 ? 'more' : 'less'} than the comparison suggests they would have, `
        + `but the 95% range, ${range(revenue, money)}, includes zero, so the difference may be chance.`,
    };
  }
  const ordersPart = `${count(orders.estimate)} orders (${range(orders, count)})`;
  if (revenue.low > 0) {
    return {
      tone: 'positive', comparison, preTrend,
      sentence: `The campaign brought about ${money(revenue.estimate)} of revenue (95% range: ${range(revenue, money)}) and ${ordersPart} from customers in the area that the comparison says would not have happened otherwise.`,
    };
  }
  return {
    tone: 'negative', comparison, preTrend,
    sentence: `Customers in the area spent about ${money(-revenue.estimate)} less than the comparison suggests (95% range: ${range(revenue, money)}); orders: ${ordersPart}.`,
  };
}
