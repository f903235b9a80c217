import { Alert } from './alert.js';
import { AppState } from './app-state.js';
import { ChannelSubscription } from './channel-subscription.js';
import { ChatPreference } from './chat-preference.js';
import { ChatUser } from './chat-user.js';
import { DataSource } from './data-source.js';
import { ExchangeRate } from './exchange-rate.js';
import { JobRun } from './job-run.js';
import { Minifigure } from './minifigure.js';
import { PriceListing } from './price-listing.js';
import { PriceSnapshot } from './price-snapshot.js';
import { WatchlistEntry } from './watchlist-entry.js';

export const entities = [
  AppState,
  ChannelSubscription,
  ChatPreference,
  DataSource,
  Minifigure,
  PriceListing,
  PriceSnapshot,
  ExchangeRate,
  JobRun,
  ChatUser,
  Alert,
  WatchlistEntry,
];
