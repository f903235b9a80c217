import { alertingOf, channelOf, requireAdmin } from '../../src/alerts/caller.js';
import { normaliseTimeZone, parseDigestTime } from '../../src/alerts/digest-schedule.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { autocompleteThemes, resolveTheme } from '../../src/core/theme-resolver.js';
import { subscribedReply } from '../../src/replies/digest-settings.js';

export default defineCommand({
  name: 'subscribe',
  description: 'Post the daily market digest in this channel (channel admins)',
  options: {
    // Long enough for "08:30 Europe/Berlin Star Wars" typed as text (split below).
    time: opt.string({
      description: 'Local time of day, HH:MM (default 09:00)',
      maxLength: 170,
      default: '09:00',
    }),
    timezone: opt.string({
      description: 'IANA time zone, e.g. Europe/Berlin (default UTC)',
      maxLength: 64,
      default: 'UTC',
    }),
    theme: opt.string({
      description: 'Only this theme, e.g. Star Wars',
      maxLength: 100,
      autocomplete: (typed, deps) => autocompleteThemes(deps.figures, typed),
    }),
  },
  examples: [
    'digest subscribe',
    'digest subscribe 08:30 Europe/Berlin',
    'digest subscribe 09:00 UTC Star Wars',
  ],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const channel = channelOf(context, 'digest subscribe');
    requireAdmin(context, 'subscribe a channel to the daily digest');
    // Typed as text (Slack, console), unquoted words arrive joined in the first free-text option:
    // split them back into time, zone and theme. Discord delivers each option on its own.
    const [time = '', zone, ...themeWords] = options.time.split(' ');
    const zoneText = zone ?? options.timezone;
    const themeText = themeWords.length > 0 ? themeWords.join(' ') : options.theme;
    const digestTime = parseDigestTime(time);
    if (!digestTime) {
      throw new UserError(`time must be HH:MM on a 24-hour clock, e.g. 09:00, not "${time.slice(0, 20)}".`);
    }
    const timeZone = normaliseTimeZone(zoneText);
    if (!timeZone) {
      throw new UserError(
        `"${zoneText.slice(0, 64)}" is not an IANA time zone. Examples: UTC, Europe/Berlin, America/New_York.`,
      );
    }
    const theme = themeText === undefined ? null : await resolveTheme(deps.figures, themeText);
    const { subscription, created } = await store.subscribe(channel, {
      digestTime,
      timeZone,
      theme,
      createdBy: context.userId ?? null,
    });
    return subscribedReply(subscription, created);
  },
});
