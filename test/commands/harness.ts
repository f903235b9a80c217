import { commands } from '../../commands/index.js';
import type { InvocationContext } from '../../src/core/command.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import type { PlatformTraits } from '../../src/core/platform-traits.js';
import type { Block, Reply } from '../../src/core/reply.js';
import { type FakeDeps, type FakeDepsOptions, fakeDeps } from '../support/fake-deps.js';

/** One line per test: run a command text through the real dispatcher with fake deps. */
export async function run(
  text: string,
  opts: FakeDepsOptions = {},
  context: InvocationContext = { platform: 'test' },
): Promise<{ reply: Reply; deps: FakeDeps }> {
  const deps = fakeDeps(opts);
  const reply = await createDispatcher({ commands, deps: () => deps }).dispatchText(text, context);
  return { reply, deps };
}

export function blocksOf<T extends Block['type']>(reply: Reply, type: T): Extract<Block, { type: T }>[] {
  return reply.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
}

/**
 * Builds the contexts of users of one platform and workspace: `as('U1')` is U1 in channel C1, not
 * an admin, unless `extra` says otherwise.
 */
export function usersOn(
  platform: PlatformTraits & { name: string },
  workspaceId: string,
): (userId: string, extra?: Partial<InvocationContext>) => InvocationContext {
  return (userId, extra = {}) => ({
    platform: platform.name,
    traits: platform,
    userId,
    workspaceId,
    channelId: 'C1',
    isAdmin: false,
    ...extra,
  });
}
