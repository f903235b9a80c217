/**
 * What the alert, watch and digest commands need, as one interface on the services bag
 * (`deps.alerting`). Tests pass an in-memory fake; production binds the repositories to a forked
 * EntityManager per dispatch (createAlertingStore).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type AddAlertResult,
  addAlert,
  type ChatUserKey,
  listAlerts,
  type NewAlert,
  removeAlert,
  type StoredAlert,
} from '../db/repositories/alerts.js';
import {
  type ChannelKey,
  deleteSubscription,
  findSubscription,
  type Subscription,
  upsertSubscription,
} from '../db/repositories/subscriptions.js';
import {
  addWatchItem,
  importWatchItems,
  listWatchItems,
  type PaidPrice,
  removeWatchItem,
  type WatchAddItem,
  type WatchAddResult,
  type WatchImportResult,
  type WatchImportRow,
  type WatchItem,
} from '../db/repositories/watchlist.js';
import type { Condition } from '../deps.js';
import { nextRuns } from '../jobs/schedule-text.js';
import { buildDigest } from './digest.js';
import { analyticsDigestSources } from './digest-sources.js';
import { DEFAULT_ALERTS_PER_USER, type DigestPayload } from './types.js';

export type {
  ChannelKey,
  ChatUserKey,
  NewAlert,
  PaidPrice,
  StoredAlert,
  Subscription,
  WatchAddItem,
  WatchImportResult,
  WatchImportRow,
  WatchItem,
};

/** Figures one watchlist may hold. */
export const WATCHLIST_LIMIT = 200;

export interface AlertingStore {
  readonly alertsPerUser: number;
  /** When the alert evaluation next runs (null: not known here), so a new alert can say when it is first checked. */
  nextCheck(): Date | null;
  readonly watchlistLimit: number;
  addAlert(user: ChatUserKey, alert: NewAlert): Promise<AddAlertResult>;
  listAlerts(user: ChatUserKey): Promise<StoredAlert[]>;
  removeAlert(user: ChatUserKey, alertId: string): Promise<StoredAlert | null>;
  addWatch(user: ChatUserKey, item: WatchAddItem): Promise<WatchAddResult>;
  removeWatch(user: ChatUserKey, minifigureId: string, condition?: Condition): Promise<number>;
  listWatch(user: ChatUserKey): Promise<WatchItem[]>;
  /** Adds or updates many items at once; a second import of the same rows changes nothing. */
  importWatch(user: ChatUserKey, rows: WatchImportRow[]): Promise<WatchImportResult>;
  subscribe(
    channel: ChannelKey,
    settings: { digestTime: string; timeZone: string; theme: string | null; createdBy: string | null },
  ): Promise<{ subscription: Subscription; created: boolean }>;
  unsubscribe(channel: ChannelKey): Promise<boolean>;
  subscription(channel: ChannelKey): Promise<Subscription | null>;
  /** Today's digest content for a theme (or all), as the daily-digest job would queue it. */
  previewDigest(opts: { theme: string | null; date: string; timeZone: string }): Promise<DigestPayload>;
}

export function createAlertingStore(
  em: EntityManager,
  opts: {
    now: () => Date;
    minConfidence: number;
    alertsPerUser?: number;
    /** The evaluate-alerts job's schedule (config SCHEDULE_EVALUATE_ALERTS). */
    checkSchedule?: string;
  },
): AlertingStore {
  const alertsPerUser = opts.alertsPerUser ?? DEFAULT_ALERTS_PER_USER;
  const { checkSchedule } = opts;
  return {
    alertsPerUser,
    nextCheck: () => (checkSchedule ? (nextRuns(checkSchedule, opts.now())[0] ?? null) : null),
    watchlistLimit: WATCHLIST_LIMIT,
    addAlert: (user, alert) => addAlert(em, user, alert, alertsPerUser),
    listAlerts: (user) => listAlerts(em, user),
    removeAlert: (user, id) => removeAlert(em, user, id),
    addWatch: (user, item) => addWatchItem(em, user, item, WATCHLIST_LIMIT),
    removeWatch: (user, figureId, condition) => removeWatchItem(em, user, figureId, condition),
    listWatch: (user) => listWatchItems(em, user),
    importWatch: (user, rows) => importWatchItems(em, user, rows, WATCHLIST_LIMIT),
    subscribe: (channel, settings) => upsertSubscription(em, channel, settings),
    unsubscribe: (channel) => deleteSubscription(em, channel),
    subscription: (channel) => findSubscription(em, channel),
    previewDigest: (o) => {
      const now = opts.now();
      return buildDigest(analyticsDigestSources(em), { ...o, now });
    },
  };
}
