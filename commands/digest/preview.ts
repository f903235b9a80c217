import { DateTime } from 'luxon';
import { alertingOf, channelOf, requireAdmin } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { autocompleteThemes, resolveTheme } from '../../src/core/theme-resolver.js';
import { currencyOption, preferenceKeys, requireCurrency } from '../../src/currency/choose-currency.js';
import { digestReply } from '../../src/replies/digest.js';
import { utcDate } from '../../src/replies/format.js';

export default defineCommand({
  name: 'preview',
  description: "Show this channel's daily digest as it would be posted now (channel admins)",
  options: {
    theme: opt.string({
      description: "Preview another theme than the channel's",
      maxLength: 100,
      autocomplete: (typed, deps) => autocompleteThemes(deps.figures, typed),
    }),
    currency: currencyOption(),
  },
  private: true,
  examples: ['digest preview', 'digest preview theme:City', 'digest preview EUR'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const channel = channelOf(context, 'digest preview');
    requireAdmin(context, 'preview the daily digest');
    const sub = await store.subscription(channel);
    const theme =
      options.theme === undefined ? (sub?.theme ?? null) : await resolveTheme(deps.figures, options.theme);
    const timeZone = sub?.timeZone ?? 'UTC';
    const date = DateTime.fromJSDate(deps.now(), { zone: timeZone }).toISODate() as string;
    // The digest is posted in the channel's currency, so the preview ignores the asker's own.
    const code =
      options.currency === undefined
        ? ((await deps.preferences?.currencies(preferenceKeys(context).filter((k) => k.scope === 'channel')))
            ?.channel ?? 'USD')
        : requireCurrency(options.currency);
    const rate = code === 'USD' ? undefined : (await deps.fx.book()).on(code, utcDate(deps.now()));
    const payload = await store.previewDigest({ theme, date, timeZone });
    const reply = digestReply(rate ? { ...payload, currency: { code, ...rate } } : payload);
    return { ...reply, ephemeral: true, title: `Preview: ${reply.title}` };
  },
});
