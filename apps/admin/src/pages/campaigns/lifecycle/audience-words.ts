/** The audience estimate (GET /v1/campaigns/{id}/audience) in words, for the activation confirmation. */

export interface AudienceFigures {
  trigger: { type: string; summary: string };
  basis: 'segment' | 'date_field' | 'none';
  note: string;
  audience: number | null;
  reachable: number | null;
  channels: { channel: 'email' | 'sms'; reachable: number; noAddress: number; noConsent: number; suppressed: number }[];
  holdoutPercent: number;
}

const count = (n: number, one: string, many: string, locale?: string) => `${new Intl.NumberFormat(locale).format(n)} ${n === 1 ? one : many}`;

/** "Who": the headline (how many now, or the trigger in words) and the lines under it. */
export function audienceInWords(e: AudienceFigures, locale?: string): { headline: string; lines: string[] } {
  if (e.basis === 'none' || e.audience === null) return { headline: e.trigger.summary, lines: [e.note] };
  const lines = [e.trigger.summary, e.note];
  for (const c of e.channels) {
    const n = (x: number) => new Intl.NumberFormat(locale).format(x);
    const missing = [
      c.noAddress > 0 ? `${n(c.noAddress)} without ${c.channel === 'email' ? 'an address' : 'a number'}` : null,
      c.noConsent > 0 ? `${n(c.noConsent)} without consent` : null,
      c.suppressed > 0 ? `${n(c.suppressed)} suppressed` : null,
    ].filter((x): x is string => x !== null);
    lines.push(`${c.channel === 'email' ? 'Email' : 'SMS'}: ${count(c.reachable, 'reachable', 'reachable', locale)}${missing.length > 0 ? ` (${missing.join(', ')})` : ''}`);
  }
  if (e.holdoutPercent > 0) lines.push(`${e.holdoutPercent} % of enrolments are held out and never messaged, to measure the campaign's effect.`);
  const reach = e.reachable === null ? '' : `, ${count(e.reachable, 'reachable', 'reachable', locale)} now`;
  return { headline: `${count(e.audience, 'customer', 'customers', locale)}${reach}`, lines };
}
