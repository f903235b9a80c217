/**
 * Chat reads kept until the data under them changes. Prices, movers, series, search results and
 * preferences change only when a job or a user writes: the tables they read carry a statement
 * trigger that notifies CHAT_READS_CHANNEL on every write, by any process
 * (migrations/Migration20261207160000_chat_reads_changed.ts) with the table's name, and each
 * notification drops every kept read of that table. So a reply is never staler than the commit it
 * follows, and most replies under load ask the database nothing.
 *
 * - A read that names its tables (`dependsOn`) is dropped only by a change to one of them: a name
 *   search outlives an ingest run. A read that names none is dropped by any change.
 *
 * - Reads are kept only while the LISTEN is in place; a lost connection drops everything and
 *   reads go to the database until it is back.
 * - Callers asking for the same key while it loads share one load.
 * - A failed load is not kept.
 * - At most `maxEntries` are kept; the oldest go first.
 */
import type { Logger } from 'pino';
import { ChannelListener } from '../db/channel-listener.js';

export const CHAT_READS_CHANNEL = 'chat_reads_changed';

export interface ReadCache {
  /**
   * The kept value of `key`, or `load()`'s, kept until the data changes: any of `dependsOn` (the
   * tables the read reads), or any table at all when it names none.
   */
  get<T>(key: string, load: () => Promise<T>, dependsOn?: readonly string[]): Promise<T>;
  /** Drops what depends on `table` (a notification arrived), or everything (this process wrote). */
  invalidate(table?: string): void;
}

/** A cache key from the arguments of a read. */
export function readKey(...parts: unknown[]): string {
  return JSON.stringify(parts);
}

export interface UntilChanged extends ReadCache {
  /** Whether reads are kept (only while notifications can arrive). */
  setEnabled(on: boolean): void;
  stats(): { hits: number; misses: number; size: number };
}

/** A cache that keeps nothing: every read goes to the database. */
export const NO_READ_CACHE: ReadCache = { get: (_key, load) => load(), invalidate: () => {} };

export function untilChanged(opts: { maxEntries?: number } = {}): UntilChanged {
  const maxEntries = opts.maxEntries ?? 20_000;
  const entries = new Map<string, { value: Promise<unknown>; dependsOn?: readonly string[] }>();
  let enabled = false;
  let hits = 0;
  let misses = 0;
  return {
    get<T>(key: string, load: () => Promise<T>, dependsOn?: readonly string[]): Promise<T> {
      if (!enabled) return load();
      const kept = entries.get(key);
      if (kept) {
        hits++;
        return kept.value as Promise<T>;
      }
      misses++;
      const value = load();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, dependsOn });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    invalidate(table) {
      for (const [key, entry] of entries) {
        if (table === undefined || !entry.dependsOn || entry.dependsOn.includes(table)) entries.delete(key);
      }
    },
    setEnabled(on) {
      enabled = on;
      entries.clear();
    },
    stats: () => ({ hits, misses, size: entries.size }),
  };
}

/** The chat read cache of a process, listening on the primary database at `url`. */
export async function startChatReadCache(
  url: string,
  log: Logger,
  opts: { maxEntries?: number } = {},
): Promise<UntilChanged & { stop(): Promise<void> }> {
  const cache = untilChanged(opts);
  const listener = new ChannelListener({
    url,
    channel: CHAT_READS_CHANNEL,
    log,
    // The triggers send the table's name; a notification without one drops everything.
    onNotify: (payload) => cache.invalidate(payload || undefined),
    onListening: () => cache.setEnabled(true),
    onLost: () => cache.setEnabled(false),
  });
  await listener.start();
  return Object.assign(cache, {
    async stop() {
      cache.setEnabled(false);
      await listener.stop();
    },
  });
}
