import { DateTime } from 'luxon';
import { alertingOf, channelOf, requireAdmin } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { autocompleteThemes, resolveTheme } from '../../src/core/theme-resolver.js';
import { digestReply } from '../../src/replies/digest.js';

export default defineCommand({
  name: 'preview',
  description: "Show this channel's daily digest as it would be posted now (channel admins)",
  options: {
    theme: opt.string({
      description: "Preview another theme than the channel's",
      maxLength: 100,
      autocomplete: (typed, deps) => autocompleteThemes(deps.figures, typed),
    }),
  },
  examples: ['digest preview', 'digest preview theme:City'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const channel = channelOf(context, 'digest preview');
    requireAdmin(context, 'preview the daily digest');
    const sub = await store.subscription(channel);
    const theme =
      options.theme === undefined ? (sub?.theme ?? null) : await resolveTheme(deps.figures, options.theme);
    const timeZone = sub?.timeZone ?? 'UTC';
    const date = DateTime.fromJSDate(deps.now(), { zone: timeZone }).toISODate() as string;
    const reply = digestReply(await store.previewDigest({ theme, date, timeZone }));
    return { ...reply, ephemeral: true, title: `Preview: ${reply.title}` };
  },
});
