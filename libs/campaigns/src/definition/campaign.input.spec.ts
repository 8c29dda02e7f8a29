import { checkInput, type FieldProblem } from '@localreach/core';
import { CampaignFromPresetInput } from './campaign-preset.input';
import { checkCampaign } from './campaign-validator';
import { CampaignInput, CampaignPatch } from './campaign.input';

const EMAIL_TEMPLATE = '11111111-1111-4111-8111-111111111111';
const GEOFENCE = '44444444-4444-4444-8444-444444444444';

const problemsOf = (type: new () => object, raw: unknown): string[] => {
  const checked = checkInput(type, raw);
  return checked.ok ? [] : checked.problems.map((p: FieldProblem) => `${p.field}: ${p.message}`).sort();
};
const campaign = (over: Record<string, unknown> = {}) => ({
  name: 'Spring', trigger: { type: 'customer_created' }, steps: [{ id: 'hello', type: 'email', templateId: EMAIL_TEMPLATE }], ...over,
});

describe('CampaignInput', () => {
  it('checks the fields that stand alone and leaves trigger, steps and goal to checkCampaign', () => {
    expect(problemsOf(CampaignInput, campaign({ holdoutPercent: 12.5, reentry: { policy: 'after', after: 'P10Y' }, priority: 'low' }))).toEqual([]);
    expect(problemsOf(CampaignInput, campaign({ trigger: 'now', steps: 3, goal: [] }))).toEqual([]);
  });

  it('names every problem of those fields at once, at the paths checkCampaign always used', () => {
    expect(problemsOf(CampaignInput, {
      name: '   ', holdoutPercent: 12.25, reentry: { policy: 'never', after: 'P1D' }, priority: 'urgent', entry: { all: [{ type: 'tag' }] }, colour: 'red',
    })).toEqual([
      'colour: is not a known field',
      'entry.all[0].present: is required',
      'entry.all[0].tag: is required',
      'holdoutPercent: must have at most one decimal',
      'name: must not be empty',
      'priority: must be one of high, normal, low',
      'reentry.after: is not an allowed key',
    ]);
    expect(problemsOf(CampaignInput, { name: 'x'.repeat(201), holdoutPercent: null, reentry: 'never', entry: null })).toEqual([
      'entry: must be a group ({ all }, { any } or { not }) or a condition with a type',
      'holdoutPercent: must be a number',
      'name: must be at most 200 characters',
      'reentry: must be { policy: never } or { policy: after, after }',
    ]);
  });

  it('is the part of checkCampaign that needs no references: its problems come with the journey\'s', () => {
    const { problems } = checkCampaign(campaign({ name: 7, priority: 'urgent', steps: [{ id: 'a', type: 'wait', duration: 'soon' }] }), {
      templates: new Map(), segmentIds: new Set(), geofenceIds: new Set(),
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['name', 'priority', 'steps[0].duration']);
  });
});

describe('CampaignPatch', () => {
  it('takes any subset; null removes an optional field, is refused for name, and left to the merged check for trigger and steps', () => {
    expect(problemsOf(CampaignPatch, {})).toEqual([]);
    expect(problemsOf(CampaignPatch, { holdoutPercent: 5 })).toEqual([]);
    expect(problemsOf(CampaignPatch, { entry: null, goal: null, holdoutPercent: null, reentry: null, priority: null })).toEqual([]);
    expect(problemsOf(CampaignPatch, { name: null, entry: 'x', priority: 'urgent' })).toEqual([
      'entry: must be a group ({ all }, { any } or { not }) or a condition with a type',
      'name: must be a string',
      'priority: must be one of high, normal, low',
    ]);
    expect(problemsOf(CampaignPatch, { trigger: null })).toEqual([]);
  });
});

describe('CampaignFromPresetInput', () => {
  it.each([
    [{ preset: 'welcome_series' }],
    [{ preset: 'win_back', params: { name: 'Come back', storeId: '66666666-6666-4666-8666-666666666666' } }],
    [{ preset: 'nearby_offer', params: { geofenceId: GEOFENCE } }],
  ])('accepts %j', (body) => {
    expect(problemsOf(CampaignFromPresetInput, body)).toEqual([]);
  });

  it.each([
    ['no preset', { params: {} }, ['preset: must be one of welcome_series, abandoned_cart, birthday_offer, nearby_offer, win_back']],
    ['nearby_offer without params', { preset: 'nearby_offer' }, ['params.geofenceId: required for nearby_offer']],
    ['a geofence elsewhere', { preset: 'win_back', params: { geofenceId: GEOFENCE } }, ['params.geofenceId: only allowed for nearby_offer']],
    ['bad params', { preset: 'nearby_offer', params: { geofenceId: 'door', storeId: 5, name: '', colour: 'red' } }, [
      'params.colour: is not a known field', 'params.geofenceId: must be a UUID', 'params.name: must not be empty', 'params.storeId: must be a UUID',
    ]],
    ['params that are text', { preset: 'welcome_series', params: 'all' }, ['params: must be an object { name?, geofenceId?, storeId? }']],
    ['params that are a list', { preset: 'welcome_series', params: [{}] }, ['params: must be an object { name?, geofenceId?, storeId? }']],
    ['null params', { preset: 'nearby_offer', params: null }, ['params: must be an object { name?, geofenceId?, storeId? }']],
    ['an unknown field', { preset: 'welcome_series', colour: 'red' }, ['colour: is not a known field']],
  ])('refuses %s', (_name, body, expected) => {
    expect(problemsOf(CampaignFromPresetInput, body)).toEqual(expected);
  });
});
