import type { MutableRefObject } from 'react';
import type { SourceProblem } from '../template-draft';

/** Inserting at the cursor, for the variable picker. */
export interface EditorHandle {
  insert(text: string): void;
}

export interface CodeEditorProps {
  /** The source field, e.g. "html" (also the editor's test id: code-html). */
  name: string;
  /** The id of the visible label element. */
  labelId: string;
  describedBy?: string;
  value: string;
  onChange: (value: string) => void;
  language: 'html' | 'text';
  problems: SourceProblem[];
  readOnly: boolean;
  handle?: MutableRefObject<EditorHandle | null>;
}
