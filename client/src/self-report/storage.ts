import { createStore, del, entries, get, set, type UseStore } from "idb-keyval";

/**
 * The little the page keeps on the phone: the link's token, what the practice
 * shows, and submissions until the server confirms them. Kept behind this
 * interface so the queue's rules are tested without a browser.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Every entry whose key starts with `prefix`, in key order. */
  entries<T>(prefix: string): Promise<[string, T][]>;
  /** False when the browser refused IndexedDB (some private modes): nothing outlives the page. */
  readonly persistent: boolean;
}

/** For tests, and for browsers without IndexedDB: values are copied, as IndexedDB would. */
export function memoryStore(persistent = false): KeyValueStore {
  const data = new Map<string, unknown>();
  return {
    persistent,
    get: <T>(key: string) => Promise.resolve(data.has(key) ? (structuredClone(data.get(key)) as T) : undefined),
    set: (key, value) => {
      data.set(key, structuredClone(value));
      return Promise.resolve();
    },
    del: (key) => {
      data.delete(key);
      return Promise.resolve();
    },
    entries: <T>(prefix: string) =>
      Promise.resolve(
        [...data.entries()]
          .filter(([key]) => key.startsWith(prefix))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, value]): [string, T] => [key, structuredClone(value) as T]),
      ),
  };
}

function idbStore(store: UseStore): KeyValueStore {
  return {
    persistent: true,
    get: <T>(key: string) => get<T>(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    entries: async <T>(prefix: string) => {
      const all = await entries<IDBValidKey, T>(store);
      return all
        .filter((entry): entry is [string, T] => typeof entry[0] === "string" && entry[0].startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
  };
}

/** IndexedDB when the browser allows it; otherwise the page still works while it stays open. */
export async function openDeviceStore(): Promise<KeyValueStore> {
  try {
    const store = idbStore(createStore("wave-self-report", "kv"));
    await store.get("probe");
    return store;
  } catch {
    return memoryStore(false);
  }
}
