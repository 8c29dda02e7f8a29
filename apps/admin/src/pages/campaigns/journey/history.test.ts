import { describe, expect, it } from 'vitest';
import { insertStep } from './edits';
import { canRedo, canUndo, HISTORY_LIMIT, record, redo, replacePresent, startHistory, undo } from './history';
import { PRESET_DEFINITIONS } from './journey-fixtures';

const cart = PRESET_DEFINITIONS.abandoned_cart;

describe('undo/redo history of definitions', () => {
  it('undoes and redoes edits in order, and an edit after an undo drops the redo', () => {
    const a = insertStep(cart, { from: 'wait-1h', field: 'next' }, 'sms').definition;
    const b = insertStep(a, { from: 'sms', field: 'next' }, 'wait').definition;
    let h = record(record(startHistory(cart), a), b);
    expect(canUndo(h)).toBe(true);
    h = undo(h);
    expect(h.present).toBe(a);
    h = undo(h);
    expect(h.present).toBe(cart);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(a);
    expect(canRedo(h)).toBe(true);
    const c = { ...a, name: 'Changed' };
    h = record(h, c);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(a);
  });

  it('ignores a non-edit, replaces the present without an undo step, and keeps at most HISTORY_LIMIT', () => {
    const h = startHistory(cart);
    expect(record(h, cart)).toBe(h);
    const stored = { ...cart, name: 'As stored' };
    expect(replacePresent(h, stored)).toEqual({ past: [], present: stored, future: [] });
    let long = h;
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) long = record(long, { ...cart, name: `v${i}` });
    expect(long.past).toHaveLength(HISTORY_LIMIT);
    expect(long.past[0].name).toBe('v4');
  });
});
