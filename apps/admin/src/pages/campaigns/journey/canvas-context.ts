import { createContext, useContext } from 'react';
import type { StepType } from './definition';
import type { EdgeRef } from './edits';

/** What the canvas's nodes and edges can ask of the editor (a context, so a new callback does not re-render every edge). */
export interface CanvasActions {
  insert(edge: EdgeRef, type: StepType): void;
  readOnly: boolean;
  /** Pans the canvas so this point of the screen (a "+" tabbed to off screen) is in its middle. */
  reveal(screen: { x: number; y: number }): void;
}

export const CanvasActionsContext = createContext<CanvasActions>({ insert: () => undefined, readOnly: true, reveal: () => undefined });

export const useCanvasActions = () => useContext(CanvasActionsContext);
