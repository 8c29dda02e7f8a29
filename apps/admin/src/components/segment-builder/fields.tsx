import { Select, TextInput } from '@mantine/core';
import type { NodeProblem } from './rule-tree';
import { numberOrText, problemAt, textOf, withField } from './conditions';

export { problemAt, withField };
import type { Condition } from './rule-tree';

/** What a condition's fields editor gets: the condition, a way to change it, and the problems the API named in it. */
export interface FieldsProps {
  condition: Condition;
  change: (next: Condition) => void;
  problems: NodeProblem[];
  readOnly: boolean;
  stores: { value: string; label: string }[];
  geofences: { value: string; label: string }[];
}

export function NumberField({ props, field, label, optional, description }: { props: FieldsProps; field: string; label: string; optional?: boolean; description?: string }) {
  const { condition, change, problems, readOnly } = props;
  return (
    <TextInput
      label={label} description={description} inputMode="decimal" value={textOf(condition[field])} readOnly={readOnly} error={problemAt(problems, field)}
      onChange={(e) => {
        const text = e.currentTarget.value;
        change(withField(condition, field, optional && text.trim() === '' ? undefined : numberOrText(text)));
      }}
    />
  );
}

export function TextField({ props, field, label, optional, description, placeholder }: { props: FieldsProps; field: string; label: string; optional?: boolean; description?: string; placeholder?: string }) {
  const { condition, change, problems, readOnly } = props;
  return (
    <TextInput
      label={label} description={description} placeholder={placeholder} value={textOf(condition[field])} readOnly={readOnly} error={problemAt(problems, field)}
      onChange={(e) => {
        const text = e.currentTarget.value;
        change(withField(condition, field, optional && text === '' ? undefined : text));
      }}
    />
  );
}

/** A choice; `''` in the data means "not set" (the field is removed). Booleans are chosen as 'true' / 'false'. */
export function ChoiceField({ props, field, label, data, boolean }: { props: FieldsProps; field: string; label: string; data: { value: string; label: string }[]; boolean?: boolean }) {
  const { condition, change, problems, readOnly } = props;
  const value = condition[field] === undefined ? '' : String(condition[field]);
  return (
    <Select
      label={label} data={data} value={value} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, field)}
      onChange={(v) => change(withField(condition, field, v === null || v === '' ? undefined : boolean ? v === 'true' : v))}
    />
  );
}

export const DURATION_HELP = 'ISO-8601 duration: P30D is 30 days, P3M three months, PT12H twelve hours';

export function DurationField({ props, field = 'within', label = 'Within the last', optional = true }: { props: FieldsProps; field?: string; label?: string; optional?: boolean }) {
  return <TextField props={props} field={field} label={label} optional={optional} description={DURATION_HELP} placeholder="P30D" />;
}

export const COMPARISONS = [
  { value: 'gte', label: 'at least' }, { value: 'gt', label: 'more than' }, { value: 'eq', label: 'exactly' },
  { value: 'neq', label: 'not' }, { value: 'lte', label: 'at most' }, { value: 'lt', label: 'fewer than' },
];
