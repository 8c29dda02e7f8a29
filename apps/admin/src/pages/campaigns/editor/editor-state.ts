import { copySteps, pasteSteps, type JourneyClipboard } from '../journey/clipboard';
import { linksOf, type Definition, type Step, type StepType, type Trigger } from '../journey/definition';
import { deleteSteps, insertStep, moveStep, replaceStep, type EdgeRef } from '../journey/edits';
import { record, redo, startHistory, undo, type History } from '../journey/history';
import type { PlacedProblems } from '../journey/problems';

/**
 * The journey editor's state: the undo history of definitions, the selected
 * steps, the clipboard and the problems of the last refused save. Components
 * dispatch actions; every edit goes through here into the history.
 */
export interface EditorState {
  history: History;
  /** Selected step ids, or the trigger's node id alone. */
  selected: string[];
  clipboard: JourneyClipboard | null;
  problems: PlacedProblems | null;
}

export type EditorAction =
  | { type: 'edit'; definition: Definition; select?: string[] }
  | { type: 'insert'; edge: EdgeRef; stepType: StepType }
  /** A side panel form's new step (its id may have changed: links follow it). */
  | { type: 'replaceStep'; stepId: string; step: Step }
  | { type: 'setTrigger'; trigger: Trigger }
  | { type: 'move'; stepId: string; edge: EdgeRef }
  | { type: 'delete' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'select'; ids: string[] }
  | { type: 'copy' }
  | { type: 'paste' }
  | { type: 'problems'; problems: PlacedProblems | null }
  | { type: 'saved'; sent: Definition; stored: Definition };

export function startEditor(definition: Definition): EditorState {
  return { history: startHistory(definition), selected: [], clipboard: null, problems: null };
}

const stepIdsOf = (state: EditorState) => state.selected.filter((id) => state.history.present.steps.some((s) => s.id === id));

/** Where a paste goes: after the last selected step (on its first link), else where the journey first ends, else first. */
export function pasteEdge(definition: Definition, selected: readonly string[]): EdgeRef {
  const last = [...definition.steps].reverse().find((s) => selected.includes(s.id));
  const link = last && linksOf(last)[0];
  if (last && link) return { from: last.id, field: link.field };
  const ending = definition.steps.find((s) => linksOf(s).some((l) => l.field === 'next' && l.target === undefined));
  return ending ? { from: ending.id, field: 'next' } : { from: undefined, field: 'start' };
}

function edit(state: EditorState, definition: Definition, select?: string[]): EditorState {
  const history = record(state.history, definition);
  return history === state.history ? state : { ...state, history, selected: select ?? state.selected.filter((id) => id.startsWith('@') || definition.steps.some((s) => s.id === id)) };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const present = state.history.present;
  switch (action.type) {
    case 'edit':
      return edit(state, action.definition, action.select);
    case 'insert': {
      const { definition, stepId } = insertStep(present, action.edge, action.stepType);
      return edit(state, definition, [stepId]);
    }
    case 'replaceStep':
      return edit(state, replaceStep(present, action.stepId, action.step), [action.step.id]);
    case 'setTrigger':
      return edit(state, { ...present, trigger: action.trigger });
    case 'move':
      return edit(state, moveStep(present, action.stepId, action.edge), [action.stepId]);
    case 'delete': {
      const ids = stepIdsOf(state);
      return ids.length === 0 ? state : edit(state, deleteSteps(present, ids), []);
    }
    case 'undo':
      return { ...state, history: undo(state.history) };
    case 'redo':
      return { ...state, history: redo(state.history) };
    case 'select':
      return { ...state, selected: action.ids };
    case 'copy': {
      const clipboard = copySteps(present, stepIdsOf(state));
      return clipboard ? { ...state, clipboard } : state;
    }
    case 'paste': {
      if (!state.clipboard) return state;
      const { definition, stepIds } = pasteSteps(present, state.clipboard, pasteEdge(present, stepIdsOf(state)));
      return edit(state, definition, stepIds);
    }
    case 'problems':
      return { ...state, problems: action.problems };
    case 'saved': {
      // What the API stored (it fills a split's auto-winner defaults) becomes the present, without an undo step of its own,
      // unless the journey was edited while the save was on its way.
      const present = state.history.present === action.sent ? action.stored : state.history.present;
      return { ...state, history: { ...state.history, present }, problems: null };
    }
  }
}

/** The shortcut a key press means in the editor, or null (typing in a field keeps its own keys). */
export function shortcutOf(event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }, typing: boolean): EditorAction | null {
  if (typing) return null;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 'z') return { type: event.shiftKey ? 'redo' : 'undo' };
  if (mod && key === 'y') return { type: 'redo' };
  if (mod && key === 'c') return { type: 'copy' };
  if (mod && key === 'v') return { type: 'paste' };
  if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) return { type: 'delete' };
  return null;
}
