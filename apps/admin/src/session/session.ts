/**
 * The signed-in API key, kept in sessionStorage (gone when the tab closes,
 * never sent anywhere but the API's Authorization header). A sign-in link
 * carries the key in the URL fragment, which browsers never send to a server.
 */
const STORAGE_KEY = 'localreach.apiKey';
const KEY_PATTERN = /^lr_[A-Za-z0-9_-]{8,200}$/;

export interface KeyStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value.trim());
}

/** The key in a sign-in link's fragment (`#key=lr_…`), if any. */
export function keyFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const key = params.get('key')?.trim();
  return key && looksLikeApiKey(key) ? key : null;
}

export function readKey(store: KeyStore): string | null {
  const key = store.getItem(STORAGE_KEY);
  return key && looksLikeApiKey(key) ? key : null;
}

export function storeKey(store: KeyStore, key: string): void {
  store.setItem(STORAGE_KEY, key.trim());
}

export function clearKey(store: KeyStore): void {
  store.removeItem(STORAGE_KEY);
}
