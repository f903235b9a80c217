/**
 * Per-user and per-channel chat preferences (table chat_preferences). Only the currency so far:
 * a user's own, and a channel's default set by its admins.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatPreference } from '../entities/chat-preference.js';

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
