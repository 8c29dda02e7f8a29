import { describe, expect, it } from 'vitest';
import { blankDefinition, blankProblems, needsInWords, paramProblems, presetBody } from './new-campaign';

describe('preset form', () => {
  it('names what a preset needs: required params other than the name', () => {
    expect(needsInWords([{ name: 'name', required: false, description: '' }, { name: 'geofenceId', required: true, description: '' }, { name: 'storeId', required: false, description: '' }]))
      .toEqual(['A geofence (where customers get the offer)']);
    expect(needsInWords([{ name: 'name', required: false, description: '' }])).toEqual([]);
  });
  it('sends only what was typed, trimmed', () => {
    expect(presetBody('welcome_series', { name: '  ', storeId: '' })).toEqual({ preset: 'welcome_series' });
    expect(presetBody('nearby_offer', { name: ' Near ', geofenceId: 'g-1' })).toEqual({ preset: 'nearby_offer', params: { name: 'Near', geofenceId: 'g-1' } });
  });
  it('puts each problem at its param; the made campaign\'s fields map back to the params they came from', () => {
    expect(paramProblems([
      { field: 'params.geofenceId', message: 'required for nearby_offer' },
      { field: 'trigger.geofenceId', message: 'geofence not found' },
      { field: 'name', message: 'must not be blank' },
      { field: 'entry.storeId', message: 'store not found' },
      { field: 'steps[0].templateId', message: 'odd' },
    ])).toEqual({
      byParam: { geofenceId: 'required for nearby_offer', name: 'must not be blank', storeId: 'store not found' },
      other: ['steps[0].templateId: odd'],
    });
  });
});

describe('blank campaign', () => {
  const choice = { name: ' Hello ', eventType: ' signed_up ', segmentId: 's-1', geofenceId: 'g-1' };
  it.each([
    ['customer_created', { type: 'customer_created' }],
    ['event', { type: 'event', eventType: 'signed_up' }],
    ['date', { type: 'date', field: 'birthday', offsetDays: 0, localTime: '10:00' }],
    ['segment', { type: 'segment', segmentId: 's-1' }],
    ['geofence', { type: 'geofence', geofenceId: 'g-1', on: 'entered' }],
    ['broadcast', { type: 'broadcast', segmentId: 's-1' }],
  ] as const)('%s: its trigger and one exit step', (type, trigger) => {
    expect(blankDefinition({ ...choice, type })).toEqual({ name: 'Hello', trigger, steps: [{ id: 'done', type: 'exit' }] });
  });
  it('maps the API\'s problems to the fields', () => {
    expect(blankProblems([{ field: 'trigger.eventType', message: 'must not be blank' }, { field: 'name', message: 'too long' }, { field: 'steps', message: 'x' }]))
      .toEqual({ byField: { eventType: 'must not be blank', name: 'too long' }, other: ['steps: x'] });
  });
});
