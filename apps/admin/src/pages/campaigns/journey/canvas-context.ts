import { createContext, useContext } from 'react';
import type { StepType } from './definition';
import type { EdgeRef } from './edits';

/** What the canvas's nodes and edges can ask of the editor (a context, so a new callback does not re-render every edge). */
export interface CanvasActions {
  insert(edge: EdgeRef, type: StepType): void;
  readOnly: boolean;
}

export const CanvasActionsContext = createContext<CanvasActions>({ insert: () => undefined, readOnly: true });

export const useCanvasActions = () => useContext(CanvasActionsContext);
