import { describe, expect, it } from 'vitest';
import { PRESET_DEFINITIONS } from '../journey/journey-fixtures';
import { editorReducer, pasteEdge, shortcutOf, startEditor, type EditorAction, type EditorState } from './editor-state';

const cart = PRESET_DEFINITIONS.abandoned_cart;
const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);
const ids = (s: EditorState) => s.history.present.steps.map((step) => step.id);

describe('the editor state', () => {
  it('inserts, selects the new step, deletes it, and undoes / redoes each', () => {
    const inserted = run(startEditor(cart), { type: 'insert', edge: { from: 'wait-1h', field: 'next' }, stepType: 'sms' });
    expect(inserted.selected).toEqual(['sms']);
    const deleted = run(inserted, { type: 'delete' });
    expect(ids(deleted)).toEqual(ids(startEditor(cart)));
    expect(deleted.selected).toEqual([]);
    expect(ids(run(deleted, { type: 'undo' }))).toContain('sms');
    expect(run(deleted, { type: 'undo' }, { type: 'undo' }).history.present).toBe(cart);
    expect(ids(run(deleted, { type: 'undo' }, { type: 'redo' }))).not.toContain('sms');
  });

  it('takes a form’s new step, trigger and a move into the history, following a renamed step', () => {
    const renamed = run(startEditor(cart), { type: 'replaceStep', stepId: 'done', step: { id: 'finished', type: 'exit' } });
    expect(ids(renamed)).toContain('finished');
    expect(renamed.selected).toEqual(['finished']);
    expect(renamed.history.present.steps[1]).toMatchObject({ yes: 'finished' });
    const trigger = run(renamed, { type: 'setTrigger', trigger: { type: 'event', eventType: 'cart_left' } });
    expect(trigger.history.present.trigger).toEqual({ type: 'event', eventType: 'cart_left' });
    const moved = run(trigger, { type: 'move', stepId: 'wait-1d', edge: { from: undefined, field: 'start' } });
    expect(ids(moved)[0]).toBe('wait-1d');
    expect(run(moved, { type: 'undo' }, { type: 'undo' }, { type: 'undo' }).history.present).toBe(cart);
  });

  it('copies the selection and pastes it after the selected step, selecting the copies', () => {
    const state = run(startEditor(cart), { type: 'select', ids: ['reminder-email'] }, { type: 'copy' }, { type: 'paste' });
    expect(state.selected).toEqual(['reminder-email-2']);
    expect(ids(state).slice(2, 4)).toEqual(['reminder-email', 'reminder-email-2']);
    expect(run(startEditor(cart), { type: 'paste' }).history.past).toHaveLength(0);
  });

  it('pastes after the last selected step, else where the journey ends', () => {
    expect(pasteEdge(cart, ['ordered-after-1h'])).toEqual({ from: 'ordered-after-1h', field: 'yes' });
    expect(pasteEdge(cart, [])).toEqual({ from: 'reminder-sms', field: 'next' });
  });

  it('takes what the API stored as the present without an undo step, and forgets the refused save’s problems', () => {
    const refused = run(startEditor(cart), { type: 'problems', problems: { byNode: { '@trigger': { eventType: 'is required' } }, settings: {} } });
    const stored = { ...cart, name: 'Stored' };
    const saved = run(refused, { type: 'saved', sent: cart, stored });
    expect(saved.history.present).toBe(stored);
    expect(saved.history.past).toEqual([]);
    expect(saved.problems).toBeNull();
    const editedMeanwhile = run(startEditor(cart), { type: 'edit', definition: { ...cart, name: 'Typed' } }, { type: 'saved', sent: cart, stored });
    expect(editedMeanwhile.history.present.name).toBe('Typed');
  });

  it('reads the shortcuts, and none while typing', () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
    expect(shortcutOf(key('z', { ctrlKey: true }), false)).toEqual({ type: 'undo' });
    expect(shortcutOf(key('Z', { metaKey: true, shiftKey: true }), false)).toEqual({ type: 'redo' });
    expect(shortcutOf(key('c', { metaKey: true }), false)).toEqual({ type: 'copy' });
    expect(shortcutOf(key('v', { ctrlKey: true }), false)).toEqual({ type: 'paste' });
    expect(shortcutOf(key('Delete'), false)).toEqual({ type: 'delete' });
    expect(shortcutOf(key('Delete'), true)).toBeNull();
    expect(shortcutOf(key('a'), false)).toBeNull();
  });
});
