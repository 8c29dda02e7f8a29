/** How an order was credited to a message. */
export type AttributionKind = 'click' | 'open' | 'coupon';

/** A click or open of one of the customer's messages, as recorded in engagement. */
export interface Touch {
  readonly kind: 'click' | 'open';
  readonly messageId: string;
  readonly at: Date;
  /** Privacy proxies, prefetchers and link scanners: never credited. */
  readonly machine: boolean;
}

export interface AttributionInput {
  readonly orderAt: Date;
  /** Earliest click that still counts: the order time minus the business's click window (inclusive). */
  readonly clickSince: Date;
  /** Earliest open that still counts: the order time minus the open window (inclusive). */
  readonly openSince: Date;
  readonly touches: readonly Touch[];
  /** The message whose coupon code the order used, if any (same business). */
  readonly couponMessageId: string | null;
}

export interface AttributionChoice {
  readonly messageId: string;
  readonly kind: AttributionKind;
  /** When the credited click or open happened; null for a coupon. */
  readonly touchedAt: Date | null;
}

/**
 * Last-touch attribution of one order: the last message the customer clicked
 * within the click window before the order; else the last one they opened
 * within the open window; else the message whose coupon code the order used;
 * else nothing. Machine hits (privacy-proxy opens such as Apple Mail Privacy
 * Protection, link scanners) are ignored, because they say nothing about the
 * customer. Touches after the order never count; window starts are inclusive.
 */
export function chooseAttribution(input: AttributionInput): AttributionChoice | null {
  const order = input.orderAt.getTime();
  const latest = (kind: Touch['kind'], since: Date): Touch | undefined =>
    input.touches
      .filter((t) => t.kind === kind && !t.machine && t.at.getTime() <= order && t.at.getTime() >= since.getTime())
      .reduce<Touch | undefined>((best, t) => (best === undefined || t.at.getTime() > best.at.getTime() ? t : best), undefined);
  const click = latest('click', input.clickSince);
  if (click) return { messageId: click.messageId, kind: 'click', touchedAt: click.at };
  const open = latest('open', input.openSince);
  if (open) return { messageId: open.messageId, kind: 'open', touchedAt: open.at };
  if (input.couponMessageId) return { messageId: input.couponMessageId, kind: 'coupon', touchedAt: null };
  return null;
}
