import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import { requireCurrency } from '../currency/choose-currency.js';
import { BASE_CURRENCY } from '../currency/currencies.js';
import { exactMoney } from '../currency/format-money.js';
import type { Deps, PreferenceStore } from '../deps.js';

/** The settings store, or a clear refusal where this deployment keeps none. */
export function preferencesOf(deps: Deps): PreferenceStore {
  if (!deps.preferences) throw new UserError('Settings are not kept here.');
  return deps.preferences;
}

/** A currency code, or null for "default" (back to the channel's or USD). */
export function parseCurrencySetting(text: string, option: string): string | null {
  return /^(default|reset|none)$/i.test(text.trim()) ? null : requireCurrency(text, option);
}

/** How amounts in the currency are written, on a round number nobody reads as a price. */
const example = (code: string) => `written like ${exactMoney(1234.5, code)}`;

export function currencyShownReply(code: string): Reply {
  const text =
    `Prices are shown to you in ${code} (${example(code)}). ` +
    'Change it with settings currency <code> (EUR, GBP, JPY...); a price command takes currency:<code> for one answer.';
  return { summary: text, tone: 'info', ephemeral: true, blocks: [{ type: 'text', text }] };
}

export function currencySetReply(who: 'you' | 'channel', code: string | null): Reply {
  const shown = code ?? BASE_CURRENCY;
  const text =
    who === 'you'
      ? code === null
        ? "Your currency is back to the default: the channel's, or USD."
        : `Prices are now shown to you in ${code} (${example(code)}), converted from USD at ECB's rate of each day.`
      : code === null
        ? 'This channel is back to USD for people without their own currency.'
        : `This channel now shows prices in ${shown} (${example(shown)}) to people without their own currency, and its digest in ${shown}.`;
  return { summary: text, tone: 'positive', ephemeral: true, blocks: [{ type: 'text', text }] };
}
