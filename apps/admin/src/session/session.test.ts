import { describe, expect, it } from 'vitest';
import { clearKey, keyFromFragment, looksLikeApiKey, readKey, storeKey, type KeyStore } from './session';

function memoryStore(): KeyStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('session', () => {
  it('recognises API keys by their shape', () => {
    expect(looksLikeApiKey('lr_0123456789ab_secretpart')).toBe(true);
    expect(looksLikeApiKey('  lr_0123456789ab_secretpart ')).toBe(true);
    expect(looksLikeApiKey('lr_short')).toBe(false);
    expect(looksLikeApiKey('Bearer lr_0123456789ab')).toBe(false);
    expect(looksLikeApiKey('lr_has spaces inside')).toBe(false);
  });

  it('reads the key of a sign-in link from the fragment only when it looks like one', () => {
    expect(keyFromFragment('#key=lr_0123456789ab_secret')).toBe('lr_0123456789ab_secret');
    expect(keyFromFragment('key=lr_0123456789ab_secret&x=1')).toBe('lr_0123456789ab_secret');
    expect(keyFromFragment('#key=nope')).toBeNull();
    expect(keyFromFragment('')).toBeNull();
  });

  it('stores, reads and clears the key', () => {
    const store = memoryStore();
    expect(readKey(store)).toBeNull();
    storeKey(store, ' lr_0123456789ab_secret ');
    expect(readKey(store)).toBe('lr_0123456789ab_secret');
    clearKey(store);
    expect(readKey(store)).toBeNull();
    store.setItem('localreach.apiKey', 'garbage');
    expect(readKey(store)).toBeNull();
  });
});
