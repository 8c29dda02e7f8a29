import { Grid, Text } from '@mantine/core';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useReducer, useState } from 'react';
import { ApiError } from '../../../api/api-error';
import type { CanvasActions } from '../journey/canvas-context';
import { stepIdOfNode } from '../journey/canvas-model';
import type { Definition, Step, StepType, Trigger } from '../journey/definition';
import type { EdgeRef } from '../journey/edits';
import { TRIGGER_NODE_ID, type JourneyGraph } from '../journey/graph';
import { canRedo, canUndo } from '../journey/history';
import { JourneyCanvas } from '../journey/JourneyCanvas';
import { placeProblems } from '../journey/problems';
import type { JourneyNames } from '../journey/words';
import { useJourneyRefs, useSaveDefinition, type Campaign, type JourneyRefs } from './campaign-editor-hooks';
import { editorReducer, shortcutOf, startEditor, type EditorAction } from './editor-state';
import { SaveBar } from './SaveBar';
import { SidePanel } from './SidePanel';
import { useJourneyCanvas } from './use-journey-canvas';

export const definitionOf = (campaign: Campaign) => campaign.definition as unknown as Definition;

function namesOf(refs: JourneyRefs): JourneyNames {
  const lookup = (list: { id: string; name: string }[]) => {
    const byId = new Map(list.map((x) => [x.id, x.name]));
    return (id: string) => byId.get(id);
  };
  return { template: lookup(refs.templates), segment: lookup(refs.segments), geofence: lookup(refs.geofences) };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * The editor's shortcuts, on the whole page while it is open: a deleted node
 * had the focus, and Ctrl/Cmd+Z must still undo. Not while typing, nor in a
 * dialog or menu (the version history drawer, a "+" menu).
 */
function useShortcuts(readOnly: boolean, dispatch: (a: EditorAction) => void) {
  useEffect(() => {
    if (readOnly) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest?.('[role=dialog], [role=menu]')) return;
      const action = shortcutOf(event, isTyping(target));
      // Ctrl/Cmd+C over selected text (the panel's JSON) copies the text, not the steps.
      if (!action || (action.type === 'copy' && (window.getSelection()?.toString() ?? '') !== '')) return;
      event.preventDefault();
      dispatch(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [readOnly, dispatch]);
}

interface Refused {
  message: string;
  count: number;
  general: string[];
}

function useSave(campaign: Campaign, present: Definition, dispatch: (a: EditorAction) => void) {
  const save = useSaveDefinition(campaign.id);
  const [saved, setSaved] = useState(() => definitionOf(campaign));
  const [refused, setRefused] = useState<Refused | null>(null);
  const dirty = useMemo(() => JSON.stringify(present) !== JSON.stringify(saved), [present, saved]);
  // Closing or reloading the tab with unsaved edits asks first: nothing typed is lost by accident.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  const onSave = useCallback(() => {
    const sent = present;
    save.mutate(sent, {
      onSuccess: (stored) => {
        const definition = definitionOf(stored);
        dispatch({ type: 'saved', sent, stored: definition });
        setSaved(definition);
        setRefused(null);
      },
      // What was typed stays: the history keeps the refused definition, its problems go on the nodes they name.
      onError: (error) => {
        const details = error instanceof ApiError ? error.details : [];
        const placed = placeProblems(details, sent);
        dispatch({ type: 'problems', problems: placed });
        setRefused({ message: error.message, count: details.length, general: Object.entries(placed.settings).map(([f, m]) => `${f}: ${m}`) });
      },
    });
  }, [present, save, dispatch]);
  return { onSave, dirty, saving: save.isPending, refused };
}

interface PanelInput {
  campaign: Campaign;
  definition: Definition;
  selected: string[];
  graph: JourneyGraph;
  settingsProblems: Record<string, string> | undefined;
  refs: JourneyRefs;
  readOnly: boolean;
  unsaved: boolean;
  dispatch: (action: EditorAction) => void;
}

const NONE: Record<string, string> = {};

/**
 * The side panel, rendered after the canvas: an edit shows on the canvas first
 * (it is what the user looks at), the panel follows a moment later.
 */
const DeferredPanel = memo(function DeferredPanel(input: PanelInput) {
  const { campaign, definition, selected, graph, settingsProblems, refs, readOnly, unsaved, dispatch } = useDeferredValue(input);
  const single = selected.length === 1 ? selected[0] : null;
  const node = single === null ? null : graph.nodes.find((n) => (n.kind === 'step' ? n.step.id === single : n.id === single)) ?? null;
  const handlers = useMemo(() => ({
    onDelete: () => dispatch({ type: 'delete' }),
    onMove: (stepId: string, edge: EdgeRef) => dispatch({ type: 'move', stepId, edge }),
    onStepChange: (stepId: string, step: Step) => dispatch({ type: 'replaceStep', stepId, step }),
    onTriggerChange: (trigger: Trigger) => dispatch({ type: 'setTrigger', trigger }),
    onSettingsChange: (next: Definition) => dispatch({ type: 'edit', definition: next }),
  }), [dispatch]);
  return (
    <SidePanel campaign={campaign} definition={definition} node={node} selectedCount={selected.length} problems={node ? node.problems : NONE}
      settingsProblems={settingsProblems ?? NONE} refs={refs} readOnly={readOnly} unsaved={unsaved} {...handlers} />
  );
});

/** The journey editor: the canvas, the side panel of the selected node, undo/redo and save. Loaded lazily with React Flow. */
export function JourneyEditor({ campaign, readOnly }: { campaign: Campaign; readOnly: boolean }) {
  const [state, dispatch] = useReducer(editorReducer, definitionOf(campaign), startEditor);
  const present = state.history.present;
  const refs = useJourneyRefs();
  const names = useMemo(() => namesOf(refs), [refs]);
  const canvas = useJourneyCanvas(present, names, state.problems?.byNode, state.selected);
  const { onSave, dirty, saving, refused } = useSave(campaign, present, dispatch);
  const actions = useMemo<Omit<CanvasActions, 'reveal'>>(() => ({ readOnly, insert: (edge: EdgeRef, stepType: StepType) => dispatch({ type: 'insert', edge, stepType }) }), [readOnly]);
  const onSelect = useCallback((ids: string[]) => dispatch({ type: 'select', ids: ids.map((id) => stepIdOfNode(id) ?? id).filter((id) => id === TRIGGER_NODE_ID || !id.includes(':')) }), []);
  useShortcuts(readOnly, dispatch);
  return (
    <div data-testid="journey-editor">
      {!readOnly && (
        <SaveBar status={campaign.status} version={campaign.version} dirty={dirty} saving={saving} canUndo={canUndo(state.history)} canRedo={canRedo(state.history)}
          refused={refused} onUndo={() => dispatch({ type: 'undo' })} onRedo={() => dispatch({ type: 'redo' })} onSave={onSave} />
      )}
      <Grid mt="sm" gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <section aria-label="Journey" style={{ height: 'min(70vh, 680px)', minHeight: 360, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8 }}>
            <JourneyCanvas nodes={canvas.model.nodes} edges={canvas.model.edges} actions={actions} onSelect={onSelect} onMoveNode={canvas.moveNode} />
          </section>
          {!readOnly && <Text size="xs" c="dimmed" mt={4}>Tab to a “+” and press Enter to insert a step. Select steps, then Delete, Ctrl/Cmd+C and Ctrl/Cmd+V; Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z redoes.</Text>}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <DeferredPanel campaign={campaign} definition={present} selected={state.selected} graph={canvas.graph} settingsProblems={state.problems?.settings}
            refs={refs} readOnly={readOnly} unsaved={dirty} dispatch={dispatch} />
        </Grid.Col>
      </Grid>
    </div>
  );
}
