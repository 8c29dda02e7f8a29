import { Alert, Group, Input, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { DURATION_UNITS, durationInWords, durationOf, durationParts, type DurationUnit } from './durations';

interface DurationInputProps {
  label: string;
  value: string;
  onChange: (iso: string) => void;
  error?: string;
  readOnly: boolean;
  description?: string;
  placeholder?: string;
}

/** An ISO-8601 duration chosen as an amount and a unit (or typed as ISO when it has several units), said in words under it. */
export function DurationInput({ label, value, onChange, error, readOnly, description, placeholder }: DurationInputProps) {
  const parts = durationParts(value);
  // An empty value has no unit of its own, and ISO text of one unit would read as that unit: the choice is remembered.
  const [unit, setUnit] = useState<DurationUnit>(value === '' ? 'days' : parts.unit);
  const shown: DurationUnit = unit === 'iso' || value === '' ? unit : parts.unit;
  const amount = shown === 'iso' ? value : parts.amount;
  const words = value !== '' && durationInWords(value) !== value ? `${durationInWords(value)} (${value})` : undefined;
  const changeUnit = (next: DurationUnit) => {
    setUnit(next);
    if (next === 'iso' || value === '') return;
    onChange(parts.unit === 'iso' ? '' : durationOf({ amount: parts.amount, unit: next }));
  };
  return (
    <Input.Wrapper label={label} description={words ?? description} error={error}>
      <Group gap="xs" wrap="nowrap" mt={words ?? description ? 4 : 0}>
        <Input
          style={{ flex: 1, minWidth: 0 }} placeholder={shown === 'iso' ? 'P1DT12H' : placeholder} inputMode={shown === 'iso' ? 'text' : 'numeric'}
          value={amount} readOnly={readOnly} error={Boolean(error)} onChange={(e) => onChange(durationOf({ amount: e.currentTarget.value, unit: shown }))}
        />
        <Select
          w={116} aria-label={`${label}: unit`} data={[...DURATION_UNITS]} value={shown} allowDeselect={false} readOnly={readOnly}
          onChange={(v) => v && changeUnit(v as DurationUnit)}
        />
      </Group>
    </Input.Wrapper>
  );
}

const END = '__end__';

interface TargetSelectProps {
  label: string;
  value: string;
  onChange: (id: string) => void;
  stepIds: readonly string[];
  self: string;
  /** Offer "end of journey" ('' as the value). */
  allowEnd?: boolean;
  error?: string;
  readOnly: boolean;
  description?: string;
}

/** Where a step goes on to: another step of the journey, or (where allowed) the end of the journey. */
export function TargetSelect({ label, value, onChange, stepIds, self, allowEnd, error, readOnly, description }: TargetSelectProps) {
  const options = stepIds.filter((id) => id !== self).map((id) => ({ value: id, label: id }));
  if (value && !stepIds.includes(value)) options.push({ value, label: `${value} (no such step)` });
  const data = allowEnd ? [{ value: END, label: 'End of journey' }, ...options] : options;
  const selected = value === '' ? (allowEnd ? END : null) : value;
  return (
    <Select
      label={label} description={description} data={data} value={selected} allowDeselect={false} readOnly={readOnly} error={error} searchable={data.length > 8}
      placeholder="Choose a step" nothingFoundMessage="No step" onChange={(v) => v !== null && onChange(v === END ? '' : v)}
    />
  );
}

/** The API's problems no field of the form shows (on the thing itself, or on fields the form lacks). */
export function OtherProblems({ problems }: { problems: { field: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert color="red" p="xs" role="alert">
      {problems.map((p) => <Text key={p.field} size="sm">{p.field ? `${p.field}: ` : ''}{p.message}</Text>)}
    </Alert>
  );
}
