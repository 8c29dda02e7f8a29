import { ActionIcon, Alert, Button, Checkbox, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { addRange, copyMondayToWeekdays, MAX_RANGES, rangeNote, removeRange, setClosed, setRange, WEEKDAY_NAMES, WEEKDAYS, type HoursForm, type HoursProblems, type Weekday } from './opening-hours';

interface EditorProps {
  form: HoursForm;
  onChange: (form: HoursForm) => void;
  problems: HoursProblems;
  readOnly: boolean;
}

function RangeRow({ day, index, props }: { day: Weekday; index: number; props: EditorProps }) {
  const { form, onChange, problems, readOnly } = props;
  const range = form.days[day].ranges[index];
  const name = `${WEEKDAY_NAMES[day]}, range ${index + 1}`;
  const problem = problems.ranges[`${day}[${index}]`];
  const problemId = `hours-${day}-${index}-problem`;
  const note = rangeNote(range);
  const time = (key: 'open' | 'close', label: string) => (
    <TextInput type="time" label={label} size="xs" w={120} value={range[key]} readOnly={readOnly} error={!!problem} aria-describedby={problem ? problemId : undefined}
      onChange={(e) => onChange(setRange(form, day, index, { [key]: e.currentTarget.value }))} />
  );
  return (
    <Stack gap={2} role="group" aria-label={name}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        {time('open', 'Opens')}
        {time('close', 'Closes')}
        {!readOnly && <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove ${name}`} onClick={() => onChange(removeRange(form, day, index))}>×</ActionIcon>}
      </Group>
      {note && <Text size="xs" c="dimmed">{note}</Text>}
      {problem && <Text size="xs" c="red.8" id={problemId}>{problem}</Text>}
    </Stack>
  );
}

function DayRow({ day, props }: { day: Weekday; props: EditorProps }) {
  const { form, onChange, problems, readOnly } = props;
  const hours = form.days[day];
  return (
    <Group align="flex-start" gap="md" py={6} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} role="group" aria-label={WEEKDAY_NAMES[day]}>
      <Stack gap={4} w={120}>
        <Text fw={600} size="sm">{WEEKDAY_NAMES[day]}</Text>
        <Checkbox size="xs" label="Closed" aria-label={`${WEEKDAY_NAMES[day]} closed`} checked={hours.closed} disabled={readOnly} onChange={(e) => onChange(setClosed(form, day, e.currentTarget.checked))} />
      </Stack>
      {!hours.closed && (
        <Stack gap="xs">
          {hours.ranges.map((_, i) => <RangeRow key={i} day={day} index={i} props={props} />)}
          {!readOnly && hours.ranges.length < MAX_RANGES && (
            <Group><Button size="compact-xs" variant="subtle" onClick={() => onChange(addRange(form, day))} aria-label={`Add a range on ${WEEKDAY_NAMES[day]}`}>Add a range</Button></Group>
          )}
        </Stack>
      )}
      {problems.days[day] && <Text size="xs" c="red.8">{problems.days[day]}</Text>}
    </Group>
  );
}

/** A week of opening hours: each day closed or up to six ranges; a close before the open runs past midnight. */
export function OpeningHoursEditor(props: EditorProps) {
  const { form, onChange, problems, readOnly } = props;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">Opening hours</Title>
        <Switch label="Opening hours are known" checked={form.recorded} disabled={readOnly} onChange={(e) => onChange({ ...form, recorded: e.currentTarget.checked })}
          description={form.recorded ? 'In the store’s time zone. A close before the open runs past midnight.' : 'Not recorded: campaigns that wait for opening hours treat the store as open.'} />
        {problems.general && <Alert color="red" role="alert">{problems.general}</Alert>}
        {form.recorded && (
          <>
            {!readOnly && <Group><Button size="xs" variant="default" onClick={() => onChange(copyMondayToWeekdays(form))}>Copy Monday to Tuesday–Friday</Button></Group>}
            <div>{WEEKDAYS.map((day) => <DayRow key={day} day={day} props={props} />)}</div>
          </>
        )}
      </Stack>
    </Paper>
  );
}
