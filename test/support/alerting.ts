import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type AlertEvaluation, evaluateAlerts } from '../../src/alerts/evaluate.js';
import { refreshSnapshots } from '../../src/analytics/refresh.js';

/** Small builders for alerting tests: figures, listings, users and alerts written with plain SQL. */

export async function insertFigure(
  em: EntityManager,
  itemNo: string,
  opts: { name?: string; theme?: string; year?: number } = {},
): Promise<string> {
  const [row] = await em.execute<{ id: string }[]>(
    `insert into minifigures (set_number, name, theme, year_released) values (?, ?, ?, ?) returning id`,
    [itemNo, opts.name ?? `Figure ${itemNo}`, opts.theme ?? 'Star Wars', opts.year ?? 2020],
  );
  return (row as { id: string }).id;
}

export async function sourceId(em: EntityManager, name = 'BrickLink'): Promise<number> {
  const [row] = await em.execute<{ id: number }[]>('select id from data_sources where name = ?', [name]);
  return (row as { id: number }).id;
}

export interface ListingSpec {
  figureId: string;
  price: number;
  at: Date;
  kind?: 'sold' | 'asking';
  condition?: 'new' | 'used';
  source?: string;
  seller?: string | null;
  externalId?: string;
  /** Defaults to `at`. */
  ingestedAt?: Date;
  raw?: Record<string, unknown>;
}

let seq = 0;

export async function insertListings(em: EntityManager, listings: ListingSpec[]): Promise<void> {
  if (listings.length === 0) return;
  const sources = new Map<string, number>();
  for (const l of listings) {
    const name = l.source ?? 'BrickLink';
    if (!sources.has(name)) sources.set(name, await sourceId(em, name));
  }
  const rows = listings.map((l) => ({
    ts: l.at.toISOString(),
    fig: l.figureId,
    src: sources.get(l.source ?? 'BrickLink'),
    ext: l.externalId ?? `t-${process.pid}-${++seq}`,
    kind: l.kind ?? 'sold',
    cond: l.condition ?? 'used',
    price: l.price,
    seller: l.seller ?? null,
    ing: (l.ingestedAt ?? l.at).toISOString(),
    raw: l.raw ?? {},
  }));
  await em.execute(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, quantity,
                                 price_usd, original_price, original_currency, exchange_rate, confidence_score,
                                 seller_name, ingested_at, raw_data)
     select r.ts, r.fig, r.src, r.ext, r.kind, r.cond, 1, r.price, r.price, 'USD', 1, 1, r.seller, r.ing, r.raw
     from jsonb_to_recordset(?::jsonb) as r(ts timestamptz, fig uuid, src int, ext text, kind text, cond text,
                                            price numeric, seller text, ing timestamptz, raw jsonb)`,
    [JSON.stringify(rows)],
  );
}

export async function insertUser(
  em: EntityManager,
  opts: { platform?: string; workspaceId?: string; userId: string },
): Promise<string> {
  const [row] = await em.execute<{ id: string }[]>(
    `insert into chat_users (platform, workspace_id, user_id) values (?, ?, ?)
     on conflict (platform, workspace_id, user_id) do update set user_id = excluded.user_id
     returning id::text as id`,
    [opts.platform ?? 'discord', opts.workspaceId ?? '', opts.userId],
  );
  return (row as { id: string }).id;
}

export interface AlertSpec {
  userId: string;
  figureId: string;
  kind: 'below' | 'above' | 'change' | 'new-low' | 'deal';
  threshold: number;
  condition?: 'new' | 'used';
  direction?: 'up' | 'down' | 'any';
  periodDays?: number;
  hysteresis?: number;
  cooldown?: string;
  channelId?: string;
  createdAt?: Date;
}

export async function insertAlert(em: EntityManager, a: AlertSpec): Promise<string> {
  const [row] = await em.execute<{ id: string }[]>(
    `insert into alerts (user_id, minifigure_id, kind, condition, threshold, direction, period_days, hysteresis,
                         cooldown, target_kind, target_channel_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?::interval, ?, ?, ?) returning id::text as id`,
    [
      a.userId,
      a.figureId,
      a.kind,
      a.condition ?? 'used',
      a.threshold,
      a.direction ?? null,
      a.periodDays ?? null,
      a.hysteresis ?? 0.05,
      a.cooldown ?? '24 hours',
      a.channelId ? 'channel' : 'dm',
      a.channelId ?? null,
      (a.createdAt ?? new Date('2020-01-01T00:00:00Z')).toISOString(),
    ],
  );
  return (row as { id: string }).id;
}

export interface OutboxRow {
  id: string;
  platform: string;
  targetKind: string;
  targetId: string;
  kind: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
  status: string;
  attempts: number;
  lastError: string | null;
  platformMessageId: string | null;
}

export async function outboxRows(em: EntityManager): Promise<OutboxRow[]> {
  return em.execute(
    `select id::text as id, platform, target_kind as "targetKind", target_id as "targetId", kind, payload,
            dedupe_key as "dedupeKey", status, attempts, last_error as "lastError",
            platform_message_id as "platformMessageId"
     from notifications order by id`,
  );
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** The median as PostgreSQL's percentile_cont(0.5) computes it: the mean of the middle two for even counts. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The snapshot refresh that alert evaluation reads from (full: test clocks jump around). */
export async function refreshPrices(em: EntityManager, now: Date): Promise<void> {
  await refreshSnapshots(em, { minConfidence: 0.6, now, full: true });
}

/** As in production: the snapshot refresh stores the headline prices, then alerts are evaluated. */
export async function refreshAndEvaluate(orm: MikroORM, now: Date): Promise<AlertEvaluation> {
  await refreshPrices(orm.em.fork(), now);
  return evaluateAlerts(orm.em.fork(), { now, minConfidence: 0.6 });
}

/** UTC day number of a time. */
export const dayOf = (t: Date | number) => Math.floor((typeof t === 'number' ? t : t.getTime()) / DAY);
