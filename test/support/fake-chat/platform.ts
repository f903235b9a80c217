/**
 * A chat platform made for tests, in one folder, exactly as a real one is added: a `ChatPlatform`
 * (its traits, when it runs, how it starts) that answers through main's dispatcher and delivers
 * alerts and digests through `send`. It is used by adding one line to the platform list given to
 * startApp: `platforms: [...CHAT_PLATFORMS, fakeChat.platform]`.
 *
 * Its "network" is in process: `say` is a person typing into a channel, `inbox` is every message
 * the app posted by itself.
 */

import type { ChatPlatform, RunningPlatform } from '../../../src/adapters/platform.js';
import type { InvocationContext } from '../../../src/core/command.js';
import type { Dispatcher } from '../../../src/core/dispatch.js';
import type { Reply } from '../../../src/core/reply.js';
import type { DeliveryTarget } from '../../../src/notifier/port.js';
import { renderFakeChat } from './render.js';

export const FAKE_CHAT = 'fake-chat';

/** Who speaks, and where. */
export interface FakeChatter {
  userId: string;
  workspaceId?: string;
  channelId?: string;
  /** A channel admin on this platform. */
  isAdmin?: boolean;
}

export interface FakeChatMessage {
  target: DeliveryTarget;
  text: string;
}

export class FakeChat {
  /** What the app posted without being asked (alerts, digests), in order. */
  readonly inbox: FakeChatMessage[] = [];
  private dispatcher: Dispatcher | undefined;
  private running = false;

  readonly platform: ChatPlatform = {
    name: FAKE_CHAT,
    commandPrefix: '!',
    adminWording: 'fake-chat moderators',
    hasChannels: true,
    confirmsWithButtons: false,
    namedOptions: false,
    readsLocalFiles: false,
    enabled: () => true,
    start: async (ctx) => this.start(ctx.dispatcher),
  };

  /** A person types `text`: the reply the app gives, as this platform shows it. */
  async say(who: FakeChatter, text: string): Promise<string> {
    if (!this.dispatcher || !this.running) throw new Error('fake-chat is not running');
    const context: InvocationContext = { platform: FAKE_CHAT, traits: this.platform, ...who };
    return renderFakeChat(await this.dispatcher.dispatchText(text, context));
  }

  private start(dispatcher: Dispatcher): RunningPlatform {
    this.dispatcher = dispatcher;
    this.running = true;
    return {
      state: () => (this.running ? 'connected' : 'stopped'),
      stop: async () => {
        this.running = false;
      },
      send: async (target: DeliveryTarget, reply: Reply) => {
        if (!this.running) throw Object.assign(new Error('fake-chat is down'), { retryable: true });
        this.inbox.push({ target, text: renderFakeChat(reply) });
        return { messageId: `fake-${this.inbox.length}` };
      },
    };
  }
}
