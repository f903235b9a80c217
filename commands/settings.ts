import { defineCommandGroup } from '../src/core/command.js';
import channel from './settings/channel.js';
import currency from './settings/currency.js';

/** Personal settings, and a channel's defaults (admins). */
export default defineCommandGroup({
  name: 'settings',
  description: 'Your currency, and the channel default (admins)',
  subcommands: [currency, channel],
});
