import { describe, expect, it } from 'vitest';
import { deleteStep, insertStep } from './edits';
import { definitionToGraph } from './graph';
import { record, startHistory, undo } from './history';
import { EVERY_STEP_TYPE, longJourney, PRESET_DEFINITIONS } from './journey-fixtures';
import { cachedLayout, layoutGraph, topologyKey } from './layout';

describe('layout', () => {
  it('places the trigger on top and every step below the step that leads to it', () => {
    const graph = definitionToGraph(PRESET_DEFINITIONS.abandoned_cart);
    const at = layoutGraph(graph);
    expect(at.size).toBe(graph.nodes.length);
    for (const edge of graph.edges) expect(at.get(edge.target)!.y).toBeGreaterThan(at.get(edge.source)!.y);
    const branch = graph.edges.filter((e) => e.source === 'step:ordered-after-1d');
    expect(at.get(branch[0].target)!.x).not.toBe(at.get(branch[1].target)!.x);
  });

  it('lays out a journey with a loop without failing', () => {
    expect(layoutGraph(definitionToGraph(EVERY_STEP_TYPE)).size).toBe(definitionToGraph(EVERY_STEP_TYPE).nodes.length);
  });
});

describe('cachedLayout', () => {
  it('lays out again only when the nodes or edges change', () => {
    const layout = cachedLayout();
    const cart = PRESET_DEFINITIONS.abandoned_cart;
    const first = layout(definitionToGraph(cart));
    const waitLonger = { ...cart, steps: cart.steps.map((s) => (s.type === 'wait' ? { ...s, duration: 'P2D' } : s)) };
    expect(layout(definitionToGraph(waitLonger))).toBe(first);
    const inserted = definitionToGraph(insertStep(cart, { from: 'wait-1h', field: 'next' }, 'sms').definition);
    expect(topologyKey(inserted)).not.toBe(topologyKey(definitionToGraph(cart)));
    expect(layout(inserted)).not.toBe(first);
  });
});

const editorLayout = cachedLayout();
/** What the editor does on each edit: the new definition, its graph, its (cached) layout. */
function rebuild(definition: Parameters<typeof definitionToGraph>[0]) {
  const graph = definitionToGraph(definition);
  return { graph, positions: editorLayout(graph) };
}

describe('speed with 60 steps', () => {
  // The median of seven: this machine's two cores are shared, and one descheduling must not fail the test.
  it('insert, delete and undo each take under 100 ms (edit, graph and layout)', () => {
    let history = startHistory(longJourney(60));
    rebuild(history.present); // warm-up: the first run compiles
    const timings: Record<string, number[]> = { insert: [], delete: [], undo: [] };
    for (let i = 0; i < 7; i++) {
      let start = performance.now();
      history = record(history, insertStep(history.present, { from: `s${10 + i}`, field: 'next' }, 'sms').definition);
      rebuild(history.present);
      timings.insert.push(performance.now() - start);
      start = performance.now();
      history = record(history, deleteStep(history.present, `s${30 + i}`));
      rebuild(history.present);
      timings.delete.push(performance.now() - start);
      start = performance.now();
      history = undo(history);
      rebuild(history.present);
      timings.undo.push(performance.now() - start);
    }
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const median = (v: number[]) => round([...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]);
    const figures = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, { median: median(v), worst: round(Math.max(...v)) }]));
    console.info('60-step journey, ms per edit (pure layers):', JSON.stringify(figures));
    for (const { median: ms } of Object.values(figures)) expect(ms).toBeLessThan(100);
  });
});
