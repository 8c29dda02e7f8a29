import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';

const MUSTACHE = /\{\{[\s\S]*?\}\}/g;
const mark = Decoration.mark({ class: 'cm-hbs' });

/** Decorations for every {{…}} in the visible ranges (a mustache longer than the viewport is still marked from its start). */
function mustaches(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of view.visibleRanges) {
    const text = view.state.doc.sliceString(from, to);
    for (const match of text.matchAll(MUSTACHE)) {
      const start = from + (match.index ?? 0);
      builder.add(start, start + match[0].length, mark);
    }
  }
  return builder.finish();
}

/**
 * Handlebars highlighting as an overlay on whatever language the editor has
 * (html for an email body, none for subject/text/SMS): every {{…}}, {{#…}},
 * {{/…}} and {{> …}} is marked, so the template's logic stands out of the markup.
 */
export const handlebarsHighlight = [
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = mustaches(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged || update.viewportChanged) this.decorations = mustaches(update.view);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  ),
  // Colours dark enough for WCAG AA on white, as axe checks.
  EditorView.theme({
    '.cm-hbs': { color: '#5b2a86', backgroundColor: '#f3ecfa', borderRadius: '2px' },
  }),
];
