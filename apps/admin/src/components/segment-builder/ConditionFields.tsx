import { Autocomplete, MultiSelect, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDistance } from '../map/geometry';
import { attributeValue, textOf, WEEKDAYS } from './conditions';
import { ChoiceField, COMPARISONS, DurationField, NumberField, problemAt, TextField, withField, type FieldsProps } from './fields';
import { PolygonField } from './PolygonField';
import { numberOrText } from './conditions';

const BUILT_IN_FIELDS = ['email', 'phone', 'firstName', 'lastName', 'externalId', 'timezone', 'birthday', 'createdAt', 'updatedAt', 'lat', 'lng'];
const ATTRIBUTE_OPS = [
  { value: 'eq', label: 'is' }, { value: 'neq', label: 'is not' }, { value: 'contains', label: 'contains' }, { value: 'in', label: 'is one of' },
  { value: 'gt', label: 'greater than' }, { value: 'gte', label: 'at least' }, { value: 'lt', label: 'less than' }, { value: 'lte', label: 'at most' },
  { value: 'between', label: 'between' }, { value: 'exists', label: 'is set' },
];
const YES_NO = [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }];

function Grid({ children }: { children: ReactNode }) {
  return <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">{children}</SimpleGrid>;
}

function AttributeFields(props: FieldsProps) {
  const { condition: c, change, problems, readOnly } = props;
  const field = textOf(c.field);
  const op = textOf(c.op);
  return (
    <Grid>
      <Autocomplete label="Field" description="A profile field, or attributes.<key>" data={BUILT_IN_FIELDS} value={field} readOnly={readOnly} error={problemAt(problems, 'field')}
        onChange={(v) => change({ ...c, field: v, value: attributeValue(v, op, textOf(c.value)) })} />
      <Select label="Comparison" data={ATTRIBUTE_OPS} value={op} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, 'op')}
        onChange={(v) => change({ ...c, op: v, value: attributeValue(field, v ?? 'eq', v === 'exists' ? 'true' : textOf(c.value)) })} />
      {op === 'exists' ? (
        <ChoiceField props={props} field="value" label="Set" data={YES_NO} boolean />
      ) : (
        <TextInput label="Value" description={op === 'in' || op === 'between' ? 'Separate values with commas' : undefined} value={textOf(c.value)} readOnly={readOnly} error={problemAt(problems, 'value')}
          onChange={(e) => change({ ...c, value: attributeValue(field, op, e.currentTarget.value) })} />
      )}
    </Grid>
  );
}

function BirthdayFields(props: FieldsProps) {
  const { condition: c, change, readOnly } = props;
  const byMonth = 'month' in c;
  return (
    <Grid>
      <Select label="When" data={[{ value: 'next', label: 'In the next days' }, { value: 'month', label: 'In a month' }]} value={byMonth ? 'month' : 'next'} allowDeselect={false} readOnly={readOnly}
        onChange={(v) => change(v === 'month' ? { type: 'birthday', month: new Date().getMonth() + 1 } : { type: 'birthday', withinNextDays: 7 })} />
      {byMonth ? (
        <ChoiceField props={props} field="month" label="Month" data={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: new Date(2000, i, 1).toLocaleString(undefined, { month: 'long' }) }))} />
      ) : (
        <NumberField props={props} field="withinNextDays" label="Days ahead" description="0 is today, in the customer's time zone" />
      )}
    </Grid>
  );
}

function NearFields(props: FieldsProps) {
  const { condition: c, change, readOnly, stores } = props;
  const aroundStore = 'storeId' in c;
  const radius = c.radiusMeters;
  return (
    <Grid>
      <Select label="Around" data={[{ value: 'store', label: 'A store' }, { value: 'point', label: 'A point' }]} value={aroundStore ? 'store' : 'point'} allowDeselect={false} readOnly={readOnly}
        onChange={(v) => change(v === 'store' ? { type: 'near', storeId: stores[0]?.value ?? '', radiusMeters: radius } : { type: 'near', lat: 0, lng: 0, radiusMeters: radius })} />
      {aroundStore ? (
        <ChoiceField props={props} field="storeId" label="Store" data={stores} />
      ) : (
        <SimpleGrid cols={2} spacing="xs">
          <NumberField props={props} field="lat" label="Latitude" />
          <NumberField props={props} field="lng" label="Longitude" />
        </SimpleGrid>
      )}
      <NumberField props={props} field="radiusMeters" label="Radius (metres)" description={typeof radius === 'number' && radius > 0 ? formatDistance(radius) : 'Whole metres'} />
    </Grid>
  );
}

function InsideFields(props: FieldsProps) {
  const { condition: c, change, readOnly, geofences } = props;
  const byGeofence = 'geofenceId' in c;
  // Corners need the whole width: one "latitude, longitude" per line.
  return (
    <SimpleGrid cols={{ base: 1, sm: byGeofence ? 3 : 2 }} spacing="sm">
      <Select label="Area" data={[{ value: 'polygon', label: 'A drawn polygon' }, { value: 'geofence', label: 'A geofence' }]} value={byGeofence ? 'geofence' : 'polygon'} allowDeselect={false} readOnly={readOnly}
        onChange={(v) => change(v === 'geofence' ? { type: 'inside', geofenceId: geofences[0]?.value ?? '' } : { type: 'inside', polygon: { type: 'Polygon', coordinates: [] } })} />
      {byGeofence ? <ChoiceField props={props} field="geofenceId" label="Geofence" data={geofences} /> : <PolygonField {...props} />}
    </SimpleGrid>
  );
}

function EventFields(props: FieldsProps) {
  const { condition: c, change, problems, readOnly } = props;
  const count = (c.count ?? { op: 'gte', value: 1 }) as { op: string; value: unknown };
  const where = Array.isArray(c.where) ? c.where.length : 0;
  return (
    <>
      <Grid>
        <TextField props={props} field="eventType" label="Event type" placeholder="e.g. page_view" />
        <Select label="Times" data={COMPARISONS} value={count.op} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, 'count.op')} onChange={(v) => change({ ...c, count: { ...count, op: v } })} />
        <TextInput label="Count" inputMode="numeric" value={textOf(count.value)} readOnly={readOnly} error={problemAt(problems, 'count.value') ?? problemAt(problems, 'count')} onChange={(e) => change({ ...c, count: { ...count, value: numberOrText(e.currentTarget.value) } })} />
        <DurationField props={props} />
      </Grid>
      {where > 0 && <Text size="xs" c="dimmed">Also {where} condition{where === 1 ? '' : 's'} on the event's properties (kept as saved; edit them through the API).</Text>}
    </>
  );
}

function OrdersFields(props: FieldsProps) {
  return (
    <Grid>
      <ChoiceField props={props} field="metric" label="Measure" data={[{ value: 'count', label: 'Number of orders' }, { value: 'sum', label: 'Total spent' }, { value: 'avg', label: 'Average order' }]} />
      <ChoiceField props={props} field="op" label="Comparison" data={COMPARISONS} />
      <NumberField props={props} field="value" label="Value" />
      <DurationField props={props} />
    </Grid>
  );
}

function RangeField({ props, field, label }: { props: FieldsProps; field: string; label: string }) {
  const { condition: c, change, problems, readOnly } = props;
  const range = Array.isArray(c[field]) ? (c[field] as unknown[]) : ['', ''];
  const set = (i: number, text: string) => {
    const next = [...range];
    next[i] = numberOrText(text);
    change(withField(c, field, next.every((v) => v === '') ? undefined : next));
  };
  const error = problemAt(problems, field);
  return (
    <SimpleGrid cols={2} spacing="xs">
      <TextInput label={`${label} from`} inputMode="numeric" value={textOf(range[0])} readOnly={readOnly} error={error} onChange={(e) => set(0, e.currentTarget.value)} />
      <TextInput label={`${label} to`} inputMode="numeric" value={textOf(range[1])} readOnly={readOnly} error={error ? ' ' : undefined} onChange={(e) => set(1, e.currentTarget.value)} />
    </SimpleGrid>
  );
}

function RfmFields(props: FieldsProps) {
  return (
    <>
      <Text size="xs" c="dimmed">Scores 1–5 among customers with an order; leave a pair empty to ignore it.</Text>
      <Grid>
        <RangeField props={props} field="recency" label="Recency" />
        <RangeField props={props} field="frequency" label="Frequency" />
        <RangeField props={props} field="monetary" label="Monetary" />
      </Grid>
    </>
  );
}

function LocalTimeFields(props: FieldsProps) {
  const { condition: c, change, problems, readOnly } = props;
  const weekdays = Array.isArray(c.weekdays) ? (c.weekdays as unknown[]).map(String) : [];
  return (
    <Grid>
      <RangeField props={props} field="hours" label="Hours" />
      <MultiSelect label="Weekdays" data={WEEKDAYS} value={weekdays} readOnly={readOnly} error={problemAt(problems, 'weekdays')} clearable
        onChange={(v) => change(withField(c, 'weekdays', v.length ? v.map(Number).sort() : undefined))} />
    </Grid>
  );
}

const RISK_LEVELS = [{ value: '', label: 'Any level' }, { value: 'low', label: 'Low (0–29)' }, { value: 'medium', label: 'Medium (30–59)' }, { value: 'high', label: 'High (60–100)' }];

/** The fields of one condition, by its type. */
export function ConditionFields(props: FieldsProps) {
  switch (props.condition.type) {
    case 'attribute': return <AttributeFields {...props} />;
    case 'tag': return <Grid><TextField props={props} field="tag" label="Tag" /><ChoiceField props={props} field="present" label="Has it" data={YES_NO} boolean /></Grid>;
    case 'consent': return (
      <Grid>
        <ChoiceField props={props} field="channel" label="Channel" data={[{ value: 'email', label: 'Email' }, { value: 'sms', label: 'SMS' }, { value: 'location', label: 'Location' }]} />
        <ChoiceField props={props} field="status" label="Status" data={[{ value: 'granted', label: 'Granted' }, { value: 'denied', label: 'Denied' }, { value: 'unknown', label: 'Never asked' }]} />
      </Grid>
    );
    case 'birthday': return <BirthdayFields {...props} />;
    case 'near': return <NearFields {...props} />;
    case 'inside': return <InsideFields {...props} />;
    case 'nearestStore': return <Grid><ChoiceField props={props} field="storeId" label="Nearest store" data={props.stores} /></Grid>;
    case 'event': return <EventFields {...props} />;
    case 'orders': return <OrdersFields {...props} />;
    case 'rfm': return <RfmFields {...props} />;
    case 'engagement': return (
      <Grid>
        <ChoiceField props={props} field="action" label="Action" data={[{ value: 'received', label: 'Received a message' }, { value: 'opened', label: 'Opened' }, { value: 'clicked', label: 'Clicked' }]} />
        <DurationField props={props} />
        <TextField props={props} field="campaignId" label="Campaign id" optional description="Empty: any campaign" />
      </Grid>
    );
    case 'localTime': return <LocalTimeFields {...props} />;
    case 'churnRisk': return (
      <Grid>
        <ChoiceField props={props} field="level" label="Level" data={RISK_LEVELS} />
        <NumberField props={props} field="minScore" label="Score at least" optional />
        <NumberField props={props} field="maxScore" label="Score at most" optional />
      </Grid>
    );
    default: return <Text size="sm" c="dimmed">This condition type is not editable here; it is kept as saved.</Text>;
  }
}
