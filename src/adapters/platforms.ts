import { consolePlatform } from './console/platform.js';
import { discordPlatform } from './discord/platform.js';
import type { ChatPlatform } from './platform.js';
import { slackPlatform } from './slack/platform.js';

/**
 * Every chat platform this app knows: the one list of their names. main.ts starts those that are
 * configured, registers every name in `chat_platforms` (what the database admits as a platform),
 * and the notifier delivers through them. A new platform is its folder and one line here
 * (docs/extending.md).
 */
export const CHAT_PLATFORMS: readonly ChatPlatform[] = [discordPlatform, slackPlatform, consolePlatform];
