import type { FieldProblem } from '../../../api/api-error';
import type { Definition } from './definition';
import { stepNodeIds, TRIGGER_NODE_ID, type NodeProblems } from './graph';

/** Where the API's problems with a definition belong: on graph nodes, or on the campaign's own settings. */
export interface PlacedProblems {
  /** By node id; the field relative to the node ('templateId', 'branches[0].next', '' for the node itself). */
  byNode: Record<string, NodeProblems>;
  /** Campaign fields by their path ('name', 'goal.within', 'entry.all[0].value', 'steps' for the journey as a whole). */
  settings: Record<string, string>;
}

/** Where one problem path points: a node and the field in it, or a campaign setting. */
export function placeProblem(field: string, stepNodeIdAt: (index: number) => string | undefined): { node: string; field: string } | { setting: string } {
  const step = /^steps\[(\d+)\](?:\.(.*)|(\[.*))?$/.exec(field);
  if (step) {
    const node = stepNodeIdAt(Number(step[1]));
    if (node !== undefined) return { node, field: step[2] ?? step[3] ?? '' };
    return { setting: 'steps' };
  }
  const trigger = /^trigger(?:\.(.*))?$/.exec(field);
  if (trigger) return { node: TRIGGER_NODE_ID, field: trigger[1] ?? '' };
  return { setting: field };
}

/**
 * Places a 422's problems on the nodes of the definition that was sent: a path's
 * step index is read against that definition, and the node ids follow step ids,
 * so a problem stays on its step while later edits move it. The first message per field wins.
 */
export function placeProblems(details: readonly FieldProblem[], sent: Definition): PlacedProblems {
  const ids = stepNodeIds(sent.steps);
  const out: PlacedProblems = { byNode: {}, settings: {} };
  for (const problem of details) {
    const place = placeProblem(problem.field, (i) => ids[i]);
    if ('setting' in place) {
      out.settings[place.setting] ??= problem.message;
    } else {
      const node = (out.byNode[place.node] ??= {});
      node[place.field] ??= problem.message;
    }
  }
  return out;
}

/** A node's problems in words, one per line: "templateId: no template with this id", or the message alone for the node itself. */
export function problemLines(problems: NodeProblems): string[] {
  return Object.entries(problems).map(([field, message]) => (field === '' ? message : `${field}: ${message}`));
}
