import type { Invocation } from '../../core/command.js';
import { formatInvocation } from '../../core/parse-text.js';
import { DISCORD_MAX_CUSTOM_ID } from './limits.js';

/** Marks our buttons' custom_ids, so a click on anything else is ignored rather than misread. */
export const CUSTOM_ID_PREFIX = 'mf:';

/**
 * A button's custom_id: the prefix and the invocation as command text ("history sw0001 days:90"),
 * which the click handler reads back with the same parser as Slack and the console. Undefined when
 * it would exceed Discord's 100 characters (the button is then left out rather than sent broken).
 */
export function encodeCustomId(invocation: Invocation): string | undefined {
  const id = CUSTOM_ID_PREFIX + formatInvocation(invocation);
  return id.length <= DISCORD_MAX_CUSTOM_ID ? id : undefined;
}

/** The command text of one of our custom_ids; undefined for anyone else's. */
export function decodeCustomId(customId: string): string | undefined {
  return customId.startsWith(CUSTOM_ID_PREFIX) ? customId.slice(CUSTOM_ID_PREFIX.length) : undefined;
}
