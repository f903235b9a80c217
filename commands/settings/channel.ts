import { channelOf, requireAdmin } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { currencySetReply, parseCurrencySetting, preferencesOf } from '../../src/replies/settings.js';

export default defineCommand({
  name: 'channel',
  description: "This channel's default currency, for people without their own (channel admins)",
  options: {
    setting: opt.choice(['currency'], { description: 'What to set', required: true }),
    value: opt.string({
      description: 'A currency code such as EUR, or default',
      maxLength: 10,
      required: true,
    }),
  },
  private: true,
  examples: ['settings channel currency EUR', 'settings channel currency default'],
  async run({ options, deps, context }) {
    const channel = channelOf(context, 'A channel setting');
    requireAdmin(context, "change this channel's settings");
    const code = parseCurrencySetting(options.value, 'value');
    await preferencesOf(deps).setCurrency(
      {
        platform: channel.platform,
        workspaceId: channel.workspaceId,
        scope: 'channel',
        scopeId: channel.channelId,
      },
      code,
    );
    return currencySetReply('channel', code);
  },
});
