/**
 * The outbox (DESIGN §3): rows written by the alert and digest jobs in the same transaction as what
 * caused them, claimed and delivered by the notifier in the main thread.
 *
 * Life of a row: pending -> sending (claimed under a lease) -> sent | pending again (retry later)
 * | failed. A claim is an UPDATE of rows picked with FOR UPDATE SKIP LOCKED, so two notifiers never
 * claim the same row; while 'sending', `next_attempt_at` holds the end of the lease, so a row whose
 * notifier died becomes due again when the lease runs out. Every later write of a claimed row is
 * fenced by its claim token: a notifier that lost its lease cannot overwrite the new owner's work.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';
import { DEMO_MARK_SQL } from './app-state.js';

/** A chat platform's name (src/adapters/platforms.ts); the database admits only registered ones. */
export type NotificationPlatform = string;
export type NotificationKind = 'alert' | 'deal' | 'digest';
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NewNotification {
  platform: NotificationPlatform;
  workspaceId: string;
  targetKind: 'user' | 'channel';
  targetId: string;
  kind: NotificationKind;
  payload: unknown;
  dedupeKey: string;
}

export interface ClaimedNotification {
  id: string;
  platform: NotificationPlatform;
  workspaceId: string;
  targetKind: 'user' | 'channel';
  targetId: string;
  kind: NotificationKind;
  payload: unknown;
  dedupeKey: string;
  /** Attempts including this one. */
  attempts: number;
  claimToken: string;
  createdAt: Date;
}

const CLAIMED_COLUMNS = `n.id::text as id, n.platform, n.workspace_id as "workspaceId", n.target_kind as "targetKind",
  n.target_id as "targetId", n.kind, n.payload, n.dedupe_key as "dedupeKey", n.attempts,
  n.claim_token::text as "claimToken", n.created_at as "createdAt"`;

/**
 * Writes one row unless its dedupe key exists. Returns the new id, or null for a duplicate.
 * Call it inside the transaction that records the cause (the digest, the crossing).
 */
export async function insertNotification(em: EntityManager, n: NewNotification): Promise<string | null> {
  const rows = await query<{ id: string }[]>(
    em,
    `insert into notifications (platform, workspace_id, target_kind, target_id, kind, payload, dedupe_key)
     values (?, ?, ?, ?, ?, ?::jsonb || ${DEMO_MARK_SQL}, ?)
     on conflict (dedupe_key) do nothing
     returning id::text as id`,
    [n.platform, n.workspaceId, n.targetKind, n.targetId, n.kind, JSON.stringify(n.payload), n.dedupeKey],
  );
  return rows[0]?.id ?? null;
}

/**
 * Claims up to `limit` due rows for `platforms`, oldest due first, under a lease of `leaseMs`.
 * Rows another notifier is claiming right now are skipped, not waited for.
 */
export async function claimDue(
  em: EntityManager,
  opts: { platforms: readonly NotificationPlatform[]; limit: number; leaseMs: number; token: string },
): Promise<ClaimedNotification[]> {
  if (opts.platforms.length === 0) return [];
  const rows = await query<ClaimedNotification[]>(
    em,
    `with due as (
       select id from notifications
       where status in ('pending', 'sending') and next_attempt_at <= now() and platform = any(?::text[])
       order by next_attempt_at, id
       limit ?
       for update skip locked
     )
     update notifications n
     set status = 'sending', attempts = n.attempts + 1, claim_token = ?::uuid,
         lease_until = now() + make_interval(secs => ?), next_attempt_at = now() + make_interval(secs => ?)
     from due where n.id = due.id
     returning ${CLAIMED_COLUMNS}`,
    [opts.platforms, opts.limit, opts.token, opts.leaseMs / 1000, opts.leaseMs / 1000],
  );
  return rows
    .map((r) => ({ ...r, createdAt: new Date(r.createdAt) }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** Delivered. One autocommit statement right after the platform answered: the window stays short. */
export async function markSent(
  em: EntityManager,
  id: string,
  token: string,
  platformMessageId: string | null,
): Promise<boolean> {
  return updateClaimed(
    em,
    id,
    token,
    `status = 'sent', sent_at = now(), platform_message_id = ?, last_error = null`,
    [platformMessageId],
  );
}

/**
 * Back to pending, due after `delayMs`. `countAttempt: false` gives the attempt back (a rate limit
 * is the platform saying "later", not a failure; releasing an unsent claim is no attempt either).
 */
export async function scheduleRetry(
  em: EntityManager,
  id: string,
  token: string,
  opts: { delayMs: number; error: string | null; countAttempt: boolean },
): Promise<boolean> {
  return updateClaimed(
    em,
    id,
    token,
    `status = 'pending', next_attempt_at = now() + make_interval(secs => ?),
     attempts = case when ? then attempts else greatest(attempts - 1, 0) end,
     last_error = coalesce(?, last_error)`,
    [opts.delayMs / 1000, opts.countAttempt, opts.error],
  );
}

/** Given up: the reason stays on the row for an operator to read. */
export async function markFailed(
  em: EntityManager,
  id: string,
  token: string,
  error: string,
): Promise<boolean> {
  return updateClaimed(em, id, token, `status = 'failed', last_error = ?`, [error]);
}

/**
 * Ends a claim: `set` (with its `params`) on the row, and the claim released, only while this claim
 * still holds it (status 'sending', same token). False when it no longer does: its lease ran out
 * and another claim took the row.
 */
async function updateClaimed(
  em: EntityManager,
  id: string,
  token: string,
  set: string,
  params: unknown[],
): Promise<boolean> {
  const rows = await query<{ id: string }[]>(
    em,
    `update notifications
     set ${set}, claim_token = null, lease_until = null
     where id = ? and claim_token = ?::uuid and status = 'sending'
     returning id`,
    [...params, id, token],
  );
  return rows.length === 1;
}

/** Milliseconds until the next row for `platforms` is due (0 if one is due now), or null if none waits. */
export async function msUntilNextDue(
  em: EntityManager,
  platforms: readonly NotificationPlatform[],
): Promise<number | null> {
  if (platforms.length === 0) return null;
  const [row] = await query<{ ms: number | null }[]>(
    em,
    // greatest() skips nulls: with nothing waiting, min() is null and so must the answer be, not 0.
    `select case when min(next_attempt_at) is null then null
            else greatest(0, extract(epoch from (min(next_attempt_at) - now())) * 1000)::float8 end as ms
     from notifications where status in ('pending', 'sending') and platform = any(?::text[])`,
    [platforms],
  );
  return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
}

export interface OutboxCounts {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
}

/** Rows per status, for /healthz, the CLI and tests. */
export async function outboxCounts(em: EntityManager): Promise<OutboxCounts> {
  const rows = await query<{ status: NotificationStatus; n: number }[]>(
    em,
    'select status, count(*)::int as n from notifications group by status',
  );
  const counts: OutboxCounts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
