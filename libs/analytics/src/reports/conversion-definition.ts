/** Which orders a report's "conversions" and revenue count: every report section names one (issue 22). */
export type ConversionDefinitionKey = 'attributed' | 'goal_window';

export interface ConversionDefinition {
  key: ConversionDefinitionKey;
  /** The definition in words, as the reports' documentation gives it. */
  description: string;
}

/** Orders credited to the campaign by last touch: what the funnel, the days and ROI count. */
export const ATTRIBUTED_CONVERSIONS: ConversionDefinition = {
  key: 'attributed',
  description: 'Orders credited to this campaign: the last human click (else open, or its coupon) before the order was on one of its messages, '
    + 'within the business\'s attribution windows. Each order is credited to one campaign at most.',
};

/**
 * Orders of the enrolled customer in the goal window, whoever got the credit: what holdout and A/B comparisons count, since
 * held-out people get no message to credit, and crediting by last touch would favour the arm that was clicked more.
 */
export const GOAL_WINDOW_CONVERSIONS: ConversionDefinition = {
  key: 'goal_window',
  description: 'Enrolments whose customer ordered after enrolling and within the campaign\'s goal window (else the click window), '
    + 'whichever campaign, if any, the order is credited to; revenue is those orders\' total. Comparisons with people held out or sent '
    + 'another variant count this way: held-out people get no message to credit an order to, and credit by last touch would favour the '
    + 'variant that was clicked more and leave out orders another campaign\'s message caught. It is more than the attributed conversions '
    + 'when recipients ordered without clicking or after another campaign\'s message; the arms\' attributedOrders and attributedRevenue '
    + 'are the attributed figures, as the campaign report\'s funnel counts them.',
};
