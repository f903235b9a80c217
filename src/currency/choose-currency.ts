/**
 * Which currency a reply is in: the command's `currency` option, else the asker's own setting,
 * else the channel's default, else USD. Also the `currency` option every priced command shares.
 */
import { type InvocationContext, opt } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { traitsOf } from '../core/platform-traits.js';
import type { PreferenceKey } from '../db/repositories/preferences.js';
import type { Deps } from '../deps.js';
import { utcDate } from '../replies/format.js';
import { BASE_CURRENCY, CURRENCIES, currencyCode, isCurrencyCode } from './currencies.js';
import { bookView, type MoneyView, USD_VIEW } from './money-view.js';

/** The `currency` option of price, history, movers, set, watch value and digest preview. */
export function currencyOption() {
  return opt.string({
    description: 'Show prices in this currency (EUR, GBP, JPY...); default: your setting',
    maxLength: 10,
    accepts: isCurrencyCode,
    autocomplete: async (typed) =>
      CURRENCIES.filter((c) => c.startsWith(typed.trim().toUpperCase())).map((c) => ({ name: c, value: c })),
  });
}

/** A currency code from user text, or a UserError naming the option and the choices. */
export function requireCurrency(text: string, option = 'currency'): string {
  const code = currencyCode(text);
  if (code) return code;
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  throw new UserError(
    `${option} must be USD or a currency ECB publishes a rate for (${CURRENCIES.filter((c) => c !== 'USD').join(', ')}), not "${shown}".`,
  );
}

/** The preference keys of whoever asked, and of the channel they asked in. */
export function preferenceKeys(context: InvocationContext): PreferenceKey[] {
  const base = { platform: context.platform, workspaceId: context.workspaceId ?? '' };
  const keys: PreferenceKey[] = [];
  if (context.userId) keys.push({ ...base, scope: 'user', scopeId: context.userId });
  if (context.channelId && traitsOf(context).hasChannels) {
    keys.push({ ...base, scope: 'channel', scopeId: context.channelId });
  }
  return keys;
}

/** The asker's currency when no option names one: theirs, else the channel's, else USD. */
export async function preferredCurrency(deps: Deps, context: InvocationContext): Promise<string> {
  const keys = preferenceKeys(context);
  if (!deps.preferences || keys.length === 0) return BASE_CURRENCY;
  const stored = await deps.preferences.currencies(keys);
  return stored.user ?? stored.channel ?? BASE_CURRENCY;
}

/** How this reply shows money: the option, else the stored preferences. */
export async function moneyViewFor(
  deps: Deps,
  context: InvocationContext,
  option: string | undefined,
): Promise<MoneyView> {
  const code = option === undefined ? await preferredCurrency(deps, context) : requireCurrency(option);
  if (code === BASE_CURRENCY) return USD_VIEW;
  return bookView(code, await deps.fx.book(), utcDate(deps.now()));
}
