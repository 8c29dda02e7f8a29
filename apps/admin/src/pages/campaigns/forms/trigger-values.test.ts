import { describe, expect, it } from 'vitest';
import type { Trigger } from './definition-types';
import { patchTrigger, switchTriggerType, triggerOf, triggerValues, withOffsetWhen } from './trigger-values';

const SEG = '5e7a1c2d-0000-4000-8000-000000000001';
const SEG2 = '5e7a1c2d-0000-4000-8000-000000000002';
const FENCE = '5e7a1c2d-0000-4000-8000-000000000006';
const REFS = { segments: [{ id: SEG, name: 'VIPs' }], geofences: [{ id: FENCE, name: 'Market street' }] };

// Every trigger type, with every optional field both present and absent.
const TRIGGERS: Trigger[] = [
  { type: 'customer_created' },
  { type: 'event', eventType: 'cart_abandoned' },
  { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }, { type: 'attribute', field: 'sku', op: 'in', value: ['a', 'b'] }], maxEventAge: 'PT6H' },
  { type: 'event', eventType: 'viewed', where: [] },
  { type: 'date', field: 'birthday', offsetDays: 0, localTime: '09:00' },
  { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:30' },
  { type: 'date', field: 'attributes.member_since', offsetDays: 365, localTime: '08:15' },
  { type: 'segment', segmentId: SEG2 },
  { type: 'geofence', geofenceId: FENCE, on: 'entered', duringOpeningHours: true },
  { type: 'geofence', geofenceId: FENCE, on: 'dwelled' },
  { type: 'geofence', geofenceId: FENCE, on: 'dwelled', duringOpeningHours: false },
  { type: 'broadcast', segmentId: SEG },
  { type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00:00Z' },
  { type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00' },
  { type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00', recipientLocalTime: true },
  { type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00', recipientLocalTime: false },
];

describe('trigger form values', () => {
  it('every trigger type round-trips through its values unchanged', () => {
    for (const trigger of TRIGGERS) expect(triggerOf(triggerValues(trigger, REFS), trigger)).toEqual(trigger);
  });

  it('reads a date offset as before / on / after and a number of days', () => {
    expect(triggerValues({ type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:30' }, REFS)).toMatchObject({ dateField: 'birthday', offsetWhen: 'before', offsetDays: '7', localTime: '10:30' });
    expect(triggerValues({ type: 'date', field: 'attributes.renewal', offsetDays: 3, localTime: '10:30' }, REFS)).toMatchObject({ dateField: 'attribute', dateAttribute: 'renewal', offsetWhen: 'after', offsetDays: '3' });
  });

  it('broadcast timing: now, at a time, at each recipient’s local time', () => {
    expect(triggerValues(TRIGGERS[11], REFS)).toMatchObject({ broadcastWhen: 'now', at: '' });
    expect(triggerValues(TRIGGERS[12], REFS)).toMatchObject({ broadcastWhen: 'at', at: '2026-03-01T09:00:00Z' });
    expect(triggerValues(TRIGGERS[14], REFS)).toMatchObject({ broadcastWhen: 'local', at: '2026-03-01T09:00' });
    const local = patchTrigger(TRIGGERS[13], { broadcastWhen: 'local' }, REFS);
    expect(local).toEqual({ type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00', recipientLocalTime: true });
    expect(patchTrigger(local, { broadcastWhen: 'now' }, REFS)).toEqual({ type: 'broadcast', segmentId: SEG });
  });
});

describe('editing a trigger', () => {
  it('patches one field and leaves out what is empty', () => {
    expect(patchTrigger(TRIGGERS[2], { maxEventAge: ' ' }, REFS)).toEqual({ type: 'event', eventType: 'cart_abandoned', where: (TRIGGERS[2] as { where: unknown }).where });
    expect(patchTrigger(TRIGGERS[1], { where: [{ field: 'value', op: 'gt', value: 0 }] }, REFS)).toEqual({ type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gt', value: 0 }] });
    expect(patchTrigger(TRIGGERS[8], { duringOpeningHours: false }, REFS)).toEqual({ type: 'geofence', geofenceId: FENCE, on: 'entered' });
    expect(patchTrigger(TRIGGERS[5], { dateField: 'attribute', dateAttribute: 'anniversary' }, REFS)).toEqual({ type: 'date', field: 'attributes.anniversary', offsetDays: -7, localTime: '10:30' });
  });

  it('days typed as not a number are sent as typed (the API names offsetDays)', () => {
    expect(patchTrigger(TRIGGERS[5], { offsetDays: '7x' }, REFS)).toMatchObject({ offsetDays: '7x' });
  });

  it('moving a date off "on" starts one day away; back to "on" is day 0', () => {
    const on = triggerValues(TRIGGERS[4], REFS);
    expect(withOffsetWhen(on, 'before')).toEqual({ offsetWhen: 'before', offsetDays: '1' });
    expect(patchTrigger(TRIGGERS[4], withOffsetWhen(on, 'before'), REFS)).toMatchObject({ offsetDays: -1 });
    expect(patchTrigger(TRIGGERS[5], { offsetWhen: 'on' }, REFS)).toMatchObject({ offsetDays: 0 });
    expect(patchTrigger(TRIGGERS[5], { offsetWhen: 'after' }, REFS)).toMatchObject({ offsetDays: 7 });
  });

  it('switching type keeps what the types share and starts the rest from defaults', () => {
    expect(switchTriggerType({ type: 'segment', segmentId: SEG2 }, 'broadcast', REFS)).toEqual({ type: 'broadcast', segmentId: SEG2 });
    expect(switchTriggerType({ type: 'broadcast', segmentId: SEG2, at: '2026-03-01T09:00' }, 'segment', REFS)).toEqual({ type: 'segment', segmentId: SEG2 });
    expect(switchTriggerType({ type: 'customer_created' }, 'geofence', REFS)).toEqual({ type: 'geofence', geofenceId: FENCE, on: 'entered' });
    expect(switchTriggerType({ type: 'customer_created' }, 'date', REFS)).toEqual({ type: 'date', field: 'birthday', offsetDays: 0, localTime: '09:00' });
    expect(switchTriggerType({ type: 'customer_created' }, 'event', REFS)).toEqual({ type: 'event', eventType: '' });
    expect(switchTriggerType({ type: 'customer_created' }, 'segment', { segments: [], geofences: [] })).toEqual({ type: 'segment', segmentId: '' });
    expect(switchTriggerType(TRIGGERS[2], 'customer_created', REFS)).toEqual({ type: 'customer_created' });
    expect(switchTriggerType(TRIGGERS[2], 'event', REFS)).toBe(TRIGGERS[2]);
  });
});

describe('event filters', () => {
  it('removing the last filter leaves where out', () => {
    expect(patchTrigger(TRIGGERS[2], { where: [] }, REFS)).toEqual({ type: 'event', eventType: 'cart_abandoned', maxEventAge: 'PT6H' });
  });
});
