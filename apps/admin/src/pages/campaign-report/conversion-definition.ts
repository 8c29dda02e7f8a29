import type { Schemas } from '@localreach/api-client';

export type ConversionDefinition = Schemas['ConversionDefinitionDto'];

const SHORT: Record<ConversionDefinition['key'], string> = {
  attributed: 'Conversions here are orders credited to this campaign: the last click (else open, or its coupon) before the order was on one of its messages.',
  goal_window: 'Conversions here are everyone enrolled who ordered within the goal window, whichever campaign got the credit, so groups that got no message, or another variant, compare fairly.',
};

/** The conversion definition a report section counts by, in one sentence for the page (the API's description is the long form). */
export function conversionDefinitionText(definition: ConversionDefinition | null | undefined): string | null {
  return definition ? SHORT[definition.key] ?? definition.description : null;
}

/**
 * Why an A/B section's conversions differ from the funnel's, when they do: the attributed orders of its
 * arms (the funnel's count) beside its goal-window conversions. Null when they are the same.
 */
export function conversionDifference(arms: readonly { conversions: number; attributedOrders: number }[]): string | null {
  const goalWindow = arms.reduce((n, a) => n + a.conversions, 0);
  const attributed = arms.reduce((n, a) => n + a.attributedOrders, 0);
  if (goalWindow === attributed) return null;
  const orders = (n: number) => `${n} ${n === 1 ? 'order' : 'orders'}`;
  return `${goalWindow} of the recipients ordered within the goal window; ${orders(attributed)} of theirs ${attributed === 1 ? 'is' : 'are'} credited to this campaign, as the funnel counts.`;
}
