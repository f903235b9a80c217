/**
 * Per-user and per-channel chat preferences (table chat_preferences). Only the currency so far:
 * a user's own, and a channel's default set by its admins.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatPreference } from '../entities/chat-preference.js';
import { query } from './analytics-sql.js';

export type PreferenceScope = 'user' | 'channel';

export interface PreferenceKey {
  platform: string;
  workspaceId: string;
  scope: PreferenceScope;
  /** The platform's user id or channel id. */
  scopeId: string;
}

/** The stored currency of each key that has one, in one query. */
export async function storedCurrencies(
  em: EntityManager,
  keys: PreferenceKey[],
): Promise<Partial<Record<PreferenceScope, string>>> {
  if (keys.length === 0) return {};
  // Read past the identity map: another process (or a console) may have changed them since.
  const rows = await em.find(
    ChatPreference,
    { $or: keys.map((k) => ({ ...k })), currency: { $ne: null } },
    { disableIdentityMap: true },
  );
  return Object.fromEntries(rows.map((r) => [r.scope, r.currency]));
}

/** Sets (or with null clears) the currency of one user or channel. */
export async function storeCurrency(
  em: EntityManager,
  key: PreferenceKey,
  currency: string | null,
): Promise<void> {
  await em.upsert(ChatPreference, { ...key, currency, updatedAt: new Date() });
}

/** The table allStoredCurrencies reads: its kept result is dropped only when it changes. */
export const PREFERENCE_TABLES = ['chat_preferences'] as const;

/** Up to this many stored currencies are kept in memory (see allStoredCurrencies). */
export const PREFERENCES_IN_MEMORY = 100_000;

/** Every stored currency by key, or undefined when there are more than `max`. */
export async function allStoredCurrencies(
  em: EntityManager,
  max: number,
): Promise<Map<string, string> | undefined> {
  const rows = await query<
    { platform: string; workspace_id: string; scope: string; scope_id: string; currency: string }[]
  >(
    em,
    'select platform, workspace_id, scope, scope_id, currency from chat_preferences where currency is not null limit ?',
    [max + 1],
  );
  if (rows.length > max) return undefined;
  return new Map(
    rows.map((r) => [preferenceKeyText(r.platform, r.workspace_id, r.scope, r.scope_id), r.currency]),
  );
}

/** What storedCurrencies answers, from the map of allStoredCurrencies. */
export function currenciesOf(
  table: Map<string, string>,
  keys: PreferenceKey[],
): Partial<Record<PreferenceScope, string>> {
  const found: Partial<Record<PreferenceScope, string>> = {};
  for (const k of keys) {
    const currency = table.get(preferenceKeyText(k.platform, k.workspaceId, k.scope, k.scopeId));
    if (currency !== undefined) found[k.scope] = currency;
  }
  return found;
}

function preferenceKeyText(platform: string, workspaceId: string, scope: string, scopeId: string): string {
  return JSON.stringify([platform, workspaceId, scope, scopeId]);
}
