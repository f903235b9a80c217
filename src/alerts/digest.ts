import type { EntityManager } from '@mikro-orm/postgresql';
import { rateOnOrBefore } from '../db/repositories/exchange-rates.js';
import { insertNotification, type NotificationPlatform } from '../db/repositories/notifications.js';
import { storedCurrencies } from '../db/repositories/preferences.js';
import { allSubscriptions, existingDedupeKeys, type Subscription } from '../db/repositories/subscriptions.js';
import { digestDedupeKey, dueDigest } from './digest-schedule.js';
import type { DigestSources } from './digest-sources.js';
import type { DigestPayload, PayloadCurrency } from './types.js';

/** Gainers, losers, new lows and most listed figures in a digest. */
export const DIGEST_TOP = 5;
/** The day's moves; new lows are the analytics' (lowest sold headline of the 90 days before). */
export const DIGEST_MOVERS_PERIOD = '1d';
export const DIGEST_NEW_LOW_DAYS = 90;
/** Most listed over the last week: one day's listings are too few to rank. */
export const DIGEST_MOST_LISTED_PERIOD = '7d';
export const DIGEST_MOST_LISTED_DAYS = 7;

/** One digest's content: the day's movers, new lows and most listed figures, for a theme or all. */
export async function buildDigest(
  sources: DigestSources,
  opts: { theme: string | null; date: string; timeZone: string; now: Date },
): Promise<DigestPayload> {
  const theme = opts.theme ?? undefined;
  const movers = await sources.movers({ period: DIGEST_MOVERS_PERIOD, theme, limit: DIGEST_TOP });
  const mostListed = await sources.mostListed({
    period: DIGEST_MOST_LISTED_PERIOD,
    theme,
    limit: DIGEST_TOP,
  });
  return {
    type: 'digest',
    date: opts.date,
    timeZone: opts.timeZone,
    theme: opts.theme,
    gainers: movers.gainers,
    losers: movers.losers,
    minSamples: movers.minSamples,
    newLows: movers.newLows,
    newLowDays: DIGEST_NEW_LOW_DAYS,
    mostListed,
    mostListedDays: DIGEST_MOST_LISTED_DAYS,
    asOf: opts.now.toISOString(),
    headlineAsOf: movers.asOf,
  };
}

export interface DigestRun {
  subscriptions: number;
  due: number;
  /** Outbox rows written now. */
  queued: number;
  /** Due, but today's digest was already written (an earlier run the same day). */
  alreadySent: number;
}

/**
 * Queues today's digest for every subscription whose local time has come. Content is computed once
 * per theme. The dedupe key holds the channel's local date, so however often this runs in a day
 * (every minute by default, two schedulers, a manual run) each channel gets one digest.
 */
export async function queueDueDigests(
  em: EntityManager,
  sources: DigestSources,
  now: Date,
): Promise<DigestRun> {
  const { subscriptions, due, pending } = await digestsToQueue(em, now);
  const byTheme = new Map<string, Promise<DigestPayload>>();
  let queued = 0;
  for (const { sub, slot, key } of pending) {
    const themeKey = sub.theme ?? '';
    let content = byTheme.get(themeKey);
    if (!content) {
      content = buildDigest(sources, { theme: sub.theme, date: slot.localDate, timeZone: sub.timeZone, now });
      byTheme.set(themeKey, content);
    }
    const currency = await channelCurrency(em, sub, now);
    const payload: DigestPayload = {
      ...(await content),
      date: slot.localDate,
      timeZone: sub.timeZone,
      ...(currency ? { currency } : {}),
    };
    const id = await insertNotification(em, digestNotification(sub, payload, key));
    if (id) queued++;
  }
  return { subscriptions, due: due.length, queued, alreadySent: due.length - queued };
}

/** The subscriptions whose digest is due at `now` (`due`), and those of them not queued yet (`pending`). */
export async function digestsToQueue(em: EntityManager, now: Date) {
  const subs = await allSubscriptions(em);
  const due = subs.flatMap((sub) => {
    const slot = dueDigest(sub, now);
    return slot ? [{ sub, slot, key: digestDedupeKey(sub.id, slot.localDate) }] : [];
  });
  const done = await existingDedupeKeys(
    em,
    due.map((d) => d.key),
  );
  return { subscriptions: subs.length, due, pending: due.filter((d) => !done.has(d.key)) };
}

/** The channel's currency (settings channel currency) at its latest ECB rate; undefined for USD or without a rate. */
export async function channelCurrency(
  em: EntityManager,
  channel: { platform: string; workspaceId: string; channelId: string },
  now: Date,
): Promise<PayloadCurrency | undefined> {
  const { channel: code } = await storedCurrencies(em, [
    {
      platform: channel.platform,
      workspaceId: channel.workspaceId,
      scope: 'channel',
      scopeId: channel.channelId,
    },
  ]);
  if (!code || code === 'USD') return undefined;
  const rate = await rateOnOrBefore(em, code, now.toISOString().slice(0, 10));
  return rate ? { code, rate: Number(rate.rate), date: rate.date } : undefined;
}

function digestNotification(sub: Subscription, payload: DigestPayload, dedupeKey: string) {
  return {
    platform: sub.platform as NotificationPlatform,
    workspaceId: sub.workspaceId,
    targetKind: 'channel' as const,
    targetId: sub.channelId,
    kind: 'digest' as const,
    payload,
    dedupeKey,
  };
}
