/** The units a duration is chosen in; `iso` is any other ISO-8601 duration, typed as it is. */
export type DurationUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'iso';

export const DURATION_UNITS: readonly { value: DurationUnit; label: string }[] = [
  { value: 'minutes', label: 'Minutes' },
  { value: 'hours', label: 'Hours' },
  { value: 'days', label: 'Days' },
  { value: 'weeks', label: 'Weeks' },
  { value: 'months', label: 'Months' },
  { value: 'iso', label: 'ISO-8601' },
];

/** A duration as a form holds it: an amount and its unit, or (unit `iso`) the text as typed. */
export interface DurationParts {
  amount: string;
  unit: DurationUnit;
}

// An amount as typed so far ("1", "1."): the API judges it, the form never jumps to `iso` mid-word.
const AMOUNT = '(\\d+(?:\\.\\d*)?)';
const TIME_UNIT = new RegExp(`^PT${AMOUNT}([HM])$`);
const DATE_UNIT = new RegExp(`^P${AMOUNT}([DWM])$`);

/** "PT2H" → 2 hours; "P1DT12H" (more than one unit) → the text, unit `iso`. */
export function durationParts(iso: string): DurationParts {
  const time = TIME_UNIT.exec(iso);
  if (time) return { amount: time[1], unit: time[2] === 'H' ? 'hours' : 'minutes' };
  const date = DATE_UNIT.exec(iso);
  if (date) return { amount: date[1], unit: date[2] === 'D' ? 'days' : date[2] === 'W' ? 'weeks' : 'months' };
  return { amount: iso, unit: 'iso' };
}

/** 2 hours → "PT2H"; an empty amount → "" (nothing chosen). */
export function durationOf({ amount, unit }: DurationParts): string {
  const a = amount.trim();
  if (a === '' || unit === 'iso') return a;
  switch (unit) {
    case 'minutes': return `PT${a}M`;
    case 'hours': return `PT${a}H`;
    case 'days': return `P${a}D`;
    case 'weeks': return `P${a}W`;
    case 'months': return `P${a}M`;
  }
}

const WORD_UNITS: readonly [string, string][] = [['Y', 'year'], ['M', 'month'], ['W', 'week'], ['D', 'day'], ['H', 'hour'], ['M', 'minute'], ['S', 'second']];
const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** "P1DT12H" → "1 day 12 hours" (as describe.ts says it); anything else comes back as it is. */
export function durationInWords(iso: string): string {
  const m = ISO_DURATION.exec(iso);
  if (!m) return iso;
  const words = WORD_UNITS.flatMap(([, word], i) => {
    const text = m[i + 1];
    if (text === undefined) return [];
    const n = Number(text.replace(',', '.'));
    return n === 0 ? [] : [`${n} ${n === 1 ? word : `${word}s`}`];
  });
  return words.length > 0 ? words.join(' ') : iso;
}
