/** When a campaign's messages go out, in the recipients' local time, and whether that is at night or held by quiet hours. */

export interface LocalWindow {
  start: string;
  end: string;
}
export interface QuietHours {
  email: LocalWindow | null;
  sms: LocalWindow | null;
}
export type Channel = 'email' | 'sms';

/** The parts of a trigger this needs (the API's CampaignTrigger). */
export type TimingTrigger =
  | { type: 'broadcast'; at?: string; recipientLocalTime?: boolean }
  | { type: 'date'; field: string; offsetDays: number; localTime: string }
  | { type: 'customer_created' | 'event' | 'segment' | 'geofence' };

export interface SendTiming {
  /** When, in words. */
  when: string;
  /** Local send time (HH:MM) when one is known ahead; null when customers enter at any time. */
  localTime: string | null;
  warnings: string[];
  notes: string[];
}

/** 21:00 to 08:00 local time counts as night. */
const NIGHT_FROM = 21 * 60;
const NIGHT_UNTIL = 8 * 60;
const CHANNEL_NAME: Record<Channel, string> = { email: 'email', sms: 'SMS' };

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isNight(hhmm: string): boolean {
  const m = minutesOf(hhmm);
  return m >= NIGHT_FROM || m < NIGHT_UNTIL;
}

/** Whether a local time is inside an allowed window (end before start: the window wraps midnight; end exclusive). */
export function insideWindow(hhmm: string, window: LocalWindow): boolean {
  const m = minutesOf(hhmm);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** The wall date and time (YYYY-MM-DD, HH:MM) of an instant in a time zone. */
export function wallTimeIn(instant: Date, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** A broadcast's `at`: a wall time as written, or an instant (with Z or an offset) read in the business's zone. */
function broadcastWall(at: string, businessZone: string): { date: string; time: string } {
  if (/(Z|[+-]\d\d:?\d\d)$/.test(at)) return wallTimeIn(new Date(at), businessZone);
  return { date: at.slice(0, 10), time: at.slice(11, 16) };
}

function quietHolds(localTime: string, channels: Channel[], quiet: QuietHours, whose: string): string[] {
  return channels.flatMap((channel) => {
    const window = quiet[channel];
    if (!window || insideWindow(localTime, window)) return [];
    return [`Quiet hours allow ${CHANNEL_NAME[channel]} only ${window.start}–${window.end} ${whose}: it is held until ${window.start}.`];
  });
}

function nightWarning(localTime: string, whose: string): string[] {
  return isNight(localTime) ? [`That is at night (${localTime} ${whose}): between 21:00 and 08:00.`] : [];
}

function quietNotes(channels: Channel[], quiet: QuietHours): string[] {
  return channels.flatMap((channel) => {
    const window = quiet[channel];
    return window ? [`${CHANNEL_NAME[channel] === 'email' ? 'Email' : 'SMS'} outside ${window.start}–${window.end} recipient time waits for the window (quiet hours).`] : [];
  });
}

/**
 * When a campaign sends once activated at `now`: a broadcast at once (the business's local time
 * now), at a time in the business's zone, or at a wall time in each recipient's zone; a date
 * trigger at its local time in each customer's zone; the other triggers whenever a customer
 * qualifies. Warns when that local time is at night or outside the quiet-hours window of a channel
 * the campaign sends on.
 */
export function sendTiming(trigger: TimingTrigger, channels: Channel[], ctx: { now: Date; businessZone: string; quietHours: QuietHours }): SendTiming {
  const zone = ctx.businessZone;
  if (trigger.type === 'broadcast') {
    if (trigger.at === undefined) {
      const { date, time } = wallTimeIn(ctx.now, zone);
      return {
        when: `Right away: ${time} on ${date} in ${zone} (the business's time zone)`,
        localTime: time,
        warnings: [...nightWarning(time, `in ${zone}`), ...quietHolds(time, channels, ctx.quietHours, `(in ${zone})`)],
        notes: ['Recipients in other time zones get it at the same moment, their own time.'],
      };
    }
    const { date, time } = broadcastWall(trigger.at, zone);
    if (trigger.recipientLocalTime) {
      return {
        when: `At ${time} on ${date} in each recipient's own time zone`,
        localTime: time,
        warnings: [...nightWarning(time, 'recipient time'), ...quietHolds(time, channels, ctx.quietHours, '(recipient time)')],
        notes: [`Recipients without a known time zone get it at ${time} in ${zone}.`],
      };
    }
    return {
      when: `At ${time} on ${date} in ${zone} (the business's time zone)`,
      localTime: time,
      warnings: [...nightWarning(time, `in ${zone}`), ...quietHolds(time, channels, ctx.quietHours, `(in ${zone})`)],
      notes: ['Recipients in other time zones get it at the same moment, their own time.'],
    };
  }
  if (trigger.type === 'date') {
    const t = trigger.localTime;
    return {
      when: `At ${t} in each customer's own time zone, on the day the trigger names`,
      localTime: t,
      warnings: [...nightWarning(t, 'recipient time'), ...quietHolds(t, channels, ctx.quietHours, '(recipient time)')],
      notes: [],
    };
  }
  return { when: 'Whenever a customer qualifies, at any time of day; the journey\'s waits come after', localTime: null, warnings: [], notes: quietNotes(channels, ctx.quietHours) };
}

/** The message channels a campaign's steps send on. */
export function channelsOf(steps: readonly object[]): Channel[] {
  return (['email', 'sms'] as const).filter((c) => steps.some((s) => 'type' in s && s.type === c));
}
