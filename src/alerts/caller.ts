import type { InvocationContext } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { traitsOf } from '../core/platform-traits.js';
import type { Deps } from '../deps.js';
import type { AlertingStore, ChannelKey, ChatUserKey } from './store.js';

/** The alerting services, or a clear refusal where this deployment has none. */
export function alertingOf(deps: Deps): AlertingStore {
  if (!deps.alerting) throw new UserError('Alerts, watchlists and digests are not available here.');
  return deps.alerting;
}

/** Who is asking, as alerts and watchlists key their owner: platform + workspace + user id. */
export function callerOf(context: InvocationContext): ChatUserKey {
  if (!context.userId)
    throw new UserError('I cannot tell who is asking here, so I cannot keep alerts for you.');
  return { platform: context.platform, workspaceId: context.workspaceId ?? '', userId: context.userId };
}

/** The channel the command was typed in; digests and channel alerts need one. */
export function channelOf(context: InvocationContext, what: string): ChannelKey {
  if (!context.channelId || !traitsOf(context).hasChannels) {
    throw new UserError(`${what} needs a channel: run it in the Discord or Slack channel it is for.`);
  }
  return { platform: context.platform, workspaceId: context.workspaceId ?? '', channelId: context.channelId };
}

/** Digest settings belong to channel admins, as each platform defines them (its adminWording). */
export function requireAdmin(context: InvocationContext, what: string): void {
  if (context.isAdmin === true) return;
  throw new UserError(`Only ${traitsOf(context).adminWording} can ${what}.`);
}

/** Platforms whose users expect a button to confirm a destructive action. */
export function confirmsWithButtons(context: InvocationContext): boolean {
  return traitsOf(context).confirmsWithButtons;
}
