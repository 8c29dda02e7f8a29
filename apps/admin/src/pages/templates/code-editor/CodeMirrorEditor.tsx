import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { html } from '@codemirror/lang-html';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { lineRange } from '../template-draft';
import type { CodeEditorProps } from './code-editor-props';
import { handlebarsHighlight } from './handlebars-highlight';

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--mantine-color-gray-4)', borderRadius: '4px', backgroundColor: '#fff' },
  '&.cm-focused': { outline: '2px solid var(--mantine-color-blue-6)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', minHeight: 'var(--code-editor-min-height, 3em)' },
  '.cm-gutters': { backgroundColor: '#f4f4f5', color: '#4a4a4f', borderRight: '1px solid #ddd' },
  '.cm-scroller': { maxHeight: '28rem', overflow: 'auto' },
});

function diagnosticsOf(text: string, problems: CodeEditorProps['problems']): Diagnostic[] {
  return problems.map((p) => {
    const { from, to } = p.line === null ? { from: 0, to: text.length } : lineRange(text, p.line);
    return { from, to, severity: 'error', message: p.message, source: 'API' };
  });
}

function createView(parent: HTMLElement, props: CodeEditorProps, editable: Compartment, onChange: { current: (v: string) => void }): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: props.value,
      extensions: [
        lineNumbers(), history(), keymap.of([...defaultKeymap, ...historyKeymap]), EditorView.lineWrapping, theme,
        props.language === 'html' ? [html(), syntaxHighlighting(defaultHighlightStyle)] : [],
        handlebarsHighlight, lintGutter(),
        editable.of([EditorState.readOnly.of(props.readOnly), EditorView.editable.of(!props.readOnly)]),
        EditorView.contentAttributes.of({ 'aria-labelledby': props.labelId, 'aria-multiline': 'true', ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {}), 'data-testid': `code-${props.name}` }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange.current(u.state.doc.toString());
        }),
      ],
    }),
  });
}

/** CodeMirror 6 for one Handlebars source; loaded only on the template pages (see CodeEditor). */
export default function CodeMirrorEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const editable = useRef(new Compartment());
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    const v = createView(host.current!, props, editable.current, onChange);
    view.current = v;
    if (props.handle) {
      props.handle.current = {
        insert(text: string) {
          const { from, to } = v.state.selection.main;
          v.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
          v.focus();
        },
      };
    }
    return () => v.destroy();
    // Created once: later props reach the view through the effects below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(props.readOnly), EditorView.editable.of(!props.readOnly)]) });
  }, [props.readOnly]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnosticsOf(v.state.doc.toString(), props.problems)));
  }, [props.problems]);

  return <div ref={host} data-problem-lines={props.problems.map((p) => p.line ?? '').join(',')} />;
}
