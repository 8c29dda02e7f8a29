import { describe, expect, it } from 'vitest';
import { STEP_TYPES, type Definition } from './definition';
import { definitionToGraph, graphToDefinition, TRIGGER_NODE_ID, type StepNode } from './graph';
import { EVERY_STEP_TYPE, longJourney, PRESET_DEFINITIONS } from './journey-fixtures';

const roundTrip = (d: Definition) => graphToDefinition(definitionToGraph(structuredClone(d)));

describe('definition → graph → definition', () => {
  it.each(Object.entries(PRESET_DEFINITIONS))('gives back the %s preset unchanged', (_name, definition) => {
    expect(roundTrip(definition)).toStrictEqual(definition);
  });

  it('gives back a journey with every step type, trigger field and setting unchanged', () => {
    expect(new Set(EVERY_STEP_TYPE.steps.map((s) => s.type))).toEqual(new Set(STEP_TYPES));
    expect(roundTrip(EVERY_STEP_TYPE)).toStrictEqual(EVERY_STEP_TYPE);
  });

  it('keeps links that name no step, and empty ones, so a refused definition is shown as it was typed', () => {
    const broken: Definition = { ...PRESET_DEFINITIONS.abandoned_cart, steps: [
      { id: 'a', type: 'branch', condition: { type: 'tag', tag: 'x', present: true }, yes: 'nowhere', no: '' },
      { id: 'b', type: 'wait', duration: 'P1D', next: 'nowhere' },
    ] };
    expect(roundTrip(broken)).toStrictEqual(broken);
    const graph = definitionToGraph(broken);
    expect(graph.nodes.filter((n) => n.kind === 'missing').map((n) => n.id)).toEqual(['missing:nowhere', 'missing:']);
  });

  it('rebuilds the links from the edges, not from the steps the nodes hold', () => {
    const graph = definitionToGraph(PRESET_DEFINITIONS.welcome_series);
    const edge = graph.edges.find((e) => e.id === 'step:welcome-1->next')!;
    edge.target = 'step:welcome-3';
    expect(graphToDefinition(graph).steps[0]).toEqual({ ...PRESET_DEFINITIONS.welcome_series.steps[0], next: 'welcome-3' });
  });

  it('round-trips a 60-step journey', () => {
    const long = longJourney(60);
    expect(roundTrip(long)).toStrictEqual(long);
  });
});

describe('the graph of the abandoned-cart preset', () => {
  const graph = definitionToGraph(PRESET_DEFINITIONS.abandoned_cart, { names: { template: (id) => (id.endsWith('4') ? 'Cart reminder' : undefined) } });

  it('has the trigger first, then each step in order, then where the journey ends', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([
      TRIGGER_NODE_ID, 'step:wait-1h', 'step:ordered-after-1h', 'step:reminder-email', 'step:wait-1d', 'step:ordered-after-1d', 'step:reminder-sms', 'step:done', 'end:step:reminder-sms',
    ]);
    expect((graph.nodes[0] as { facts: string[] }).facts).toEqual(['Event “cart_abandoned” received']);
  });

  it('has an edge per link, labelled yes / no on branches', () => {
    expect(graph.edges.map((e) => `${e.source} -${e.label || e.field}-> ${e.target}`)).toEqual([
      '@trigger -start-> step:wait-1h',
      'step:wait-1h -next-> step:ordered-after-1h',
      'step:ordered-after-1h -Yes-> step:done',
      'step:ordered-after-1h -No-> step:reminder-email',
      'step:reminder-email -next-> step:wait-1d',
      'step:wait-1d -next-> step:ordered-after-1d',
      'step:ordered-after-1d -Yes-> step:done',
      'step:ordered-after-1d -No-> step:reminder-sms',
      'step:reminder-sms -next-> end:step:reminder-sms',
    ]);
  });

  it('says each step’s key facts in words', () => {
    const facts = (id: string) => (graph.nodes.find((n) => n.id === id) as StepNode).facts;
    expect(facts('step:wait-1h')).toEqual(['for 1 hour']);
    expect(facts('step:reminder-email')).toEqual(['template Cart reminder']);
    expect(facts('step:reminder-sms')).toEqual([`template ${'00000000-0000-4000-8000-000000000005'}`]);
    expect(facts('step:done')).toEqual(['ends the journey']);
  });

  it('labels split branches with their name and share', () => {
    const split = definitionToGraph(EVERY_STEP_TYPE).edges.filter((e) => e.source === 'step:test').map((e) => e.label);
    expect(split).toEqual(['A · 50%', 'B · 30%', 'C · 20%']);
  });
});
