/**
 * The port every chat platform implements, and all that main.ts, the notifier and the commands
 * know of one. A platform is a folder `src/adapters/<name>/` whose `platform.ts` exports a
 * `ChatPlatform`, plus its line in ./platforms.ts.
 *
 * The description (name, command prefix, admin wording, what the platform can show) is plain
 * data that commands read through the invocation context; `start` loads the client library only
 * when the platform is configured, so importing the list costs nothing.
 */
import type { Readable, Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Dispatcher } from '../core/dispatch.js';
import type { PlatformTraits } from '../core/platform-traits.js';
import type { HttpRoute } from '../http/server.js';
import type { PlatformPort } from '../notifier/port.js';

export type { PlatformTraits } from '../core/platform-traits.js';

/** What main.ts hands every platform it starts. */
export interface PlatformContext {
  config: Config;
  log: Logger;
  orm: MikroORM;
  /** Main's dispatcher: every platform answers through the same commands and services. */
  dispatcher: Dispatcher;
  /** Whether replies are demo data right now. */
  demoData: () => boolean;
  /**
   * The routes of the app's HTTP port. A platform that answers over HTTP adds its route here
   * before the server starts; one with `servesHttp` gets them all and serves them itself.
   */
  routes: HttpRoute[];
  /** The terminal the app was asked to chat on (`minifig start` in a terminal); undefined for a service. */
  terminal?: TerminalOptions;
}

export interface TerminalOptions {
  /** Default: the process's stdin and stdout. */
  input?: Readable;
  output?: Writable;
  chartDir?: string;
}

/** A started platform: the notifier's `send` (one signature for every platform), state and stop. */
export interface RunningPlatform extends PlatformPort {
  /** For /healthz: "ready", "http", "reconnecting"... */
  state(): string;
  /** Stops taking requests and lets those in progress finish. */
  stop(): Promise<void>;
  /** The port it serves the app's routes on, when it owns the HTTP server (`servesHttp`). */
  readonly port?: number;
  /** It cannot work without the app's HTTP port (Discord over HTTP): failing to bind fails the start. */
  readonly needsHttp?: boolean;
  /**
   * Called once everything runs, for a platform that talks to a person at the terminal: it prints
   * its banner and reads lines from then on. Settles when that person leaves (types exit).
   */
  open?(): Promise<void>;
}

export interface ChatPlatform extends PlatformTraits {
  /** Whether this process should run it: its configuration is present (or a terminal was asked for). */
  enabled(ctx: PlatformContext): boolean;
  /** Owns the HTTP server (Slack's Bolt receiver): started after the platforms that add routes. */
  readonly servesHttp?: boolean;
  start(ctx: PlatformContext): Promise<RunningPlatform>;
}
