import type { Definition } from './definition';

/** Undo/redo of whole definitions: each edit keeps the one before it (definitions are never changed in place). */
export interface History {
  past: Definition[];
  present: Definition;
  future: Definition[];
}

/** How many edits can be undone: enough for a session's work, bounded so a long one does not grow without end. */
export const HISTORY_LIMIT = 200;

export function startHistory(definition: Definition): History {
  return { past: [], present: definition, future: [] };
}

/** A new present after an edit; redo is no longer possible. The same definition is no edit. */
export function record(history: History, definition: Definition): History {
  if (definition === history.present) return history;
  const past = [...history.past, history.present];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, present: definition, future: [] };
}

/** Replaces the present without an undo step (what the API stored after a save, e.g. defaults it filled in). */
export function replacePresent(history: History, definition: Definition): History {
  return { ...history, present: definition };
}

export function undo(history: History): History {
  if (history.past.length === 0) return history;
  return { past: history.past.slice(0, -1), present: history.past[history.past.length - 1], future: [history.present, ...history.future] };
}

export function redo(history: History): History {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0], future: history.future.slice(1) };
}

export const canUndo = (history: History) => history.past.length > 0;
export const canRedo = (history: History) => history.future.length > 0;
