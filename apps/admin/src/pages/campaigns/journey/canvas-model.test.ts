import { describe, expect, it } from 'vitest';
import { canvasModel, nodeIdOfStep, stepIdOfNode } from './canvas-model';
import type { Definition } from './definition';
import { insertStep } from './edits';
import { definitionToGraph } from './graph';
import { PRESET_DEFINITIONS } from './journey-fixtures';
import { layoutGraph } from './layout';

const model = (definition: Definition, previous: ReturnType<typeof canvasModel> | null, selected: string[] = []) => {
  const graph = definitionToGraph(definition);
  return canvasModel({ definition, graph, positions: layoutGraph(graph), selected: new Set(selected), previous, label: (n) => n.id });
};

describe('the React Flow model of a journey', () => {
  const cart = PRESET_DEFINITIONS.abandoned_cart;

  it('has a node per graph node and an edge per link, each "+" offering the types that fit', () => {
    const first = model(cart, null);
    expect(first.nodes.map((n) => n.id)).toEqual(definitionToGraph(cart).nodes.map((n) => n.id));
    const end = first.edges.find((e) => e.id === 'step:reminder-sms->next')!;
    expect(end.data).toMatchObject({ ref: { from: 'reminder-sms', field: 'next' }, between: 'between reminder-sms and the end' });
    expect(end.data!.types).toContain('exit');
    expect(first.edges.find((e) => e.id === '@trigger->start')!.data).toMatchObject({ ref: { from: undefined, field: 'start' }, between: 'between the trigger and wait-1h' });
    expect(first.edges.find((e) => e.id === 'step:ordered-after-1h->yes')!.data!.between).toBe('between ordered-after-1h and done (Yes)');
  });

  it('keeps the objects of nodes and edges an edit did not change, so React Flow renders only the rest', () => {
    const first = model(cart, null);
    const same = model({ ...cart }, first);
    expect(same.nodes.every((n, i) => n === first.nodes[i])).toBe(true);
    expect(same.edges.every((e, i) => e === first.edges[i])).toBe(true);
    const selected = model(cart, first, [nodeIdOfStep('done')]);
    expect(selected.nodes.filter((n, i) => n !== first.nodes[i]).map((n) => n.id)).toEqual(['step:done']);
    const inserted = model(insertStep(cart, { from: 'reminder-sms', field: 'next' }, 'exit').definition, first);
    expect(inserted.nodes.find((n) => n.id === '@trigger')).toBe(first.nodes[0]);
  });

  it('maps step ids to node ids and back', () => {
    expect(stepIdOfNode(nodeIdOfStep('wait-1h'))).toBe('wait-1h');
    expect(stepIdOfNode('step:dup#4')).toBe('dup');
    expect(stepIdOfNode('@trigger')).toBeUndefined();
  });
});
