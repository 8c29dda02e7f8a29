import { numberOrText } from '../../../components/segment-builder/conditions';

/**
 * A number field's value: the number when the text is one written the usual
 * way, otherwise the text as typed (a string at run time), so nothing typed
 * is lost and the API refuses it at its field ("must be a number").
 */
export function typedNumber(text: string): number {
  return numberOrText(text) as number;
}

/** A number as a text box shows it ('' for none). */
export function numberText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A select's options from a list of things with ids, with the current id kept (as unknown) when the list lacks it. */
export function optionsOf(items: readonly { id: string; name: string }[], current?: string): { value: string; label: string }[] {
  const options = items.map((i) => ({ value: i.id, label: i.name }));
  if (current && !items.some((i) => i.id === current)) options.push({ value: current, label: `Unknown (${current.slice(0, 8)}…)` });
  return options;
}

/** `key: value` only when the value is defined (optional fields stay absent). */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
