import { type Command, InvalidArgumentError } from 'commander';
import { divideDecimals } from '../core/decimal.js';
import { UserError } from '../core/errors.js';
import { knownCurrencies, rateOnOrBefore } from '../db/repositories/exchange-rates.js';
import { DEFAULT_MAX_RATE_AGE_DAYS } from '../ingest/currency.js';
import { backfillEcbHistory, formatBackfillSummary } from '../sources/ecb/backfill.js';
import { withProgressBar } from './progress.js';
import { withDatabase } from './with-database.js';

export function registerFxCommands(program: Command, print: (text: string) => void): void {
  const fx = program.command('fx').description('ECB reference exchange rates, stored against USD');

  fx.command('backfill')
    .description("Load ECB's rate history (eurofxref-hist.csv) into exchange_rates")
    .argument(
      '<history.csv>',
      'eurofxref-hist.csv from https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip',
    )
    .option('--batch-days <n>', 'days per statement', positiveInteger, 250)
    .addHelpText(
      'after',
      '\nRe-running with the same file changes nothing. The daily `fx` job keeps rates current.',
    )
    .action((file: string, opts: { batchDays: number }) =>
      withDatabase(async (orm) => {
        const summary = await withProgressBar('Backfilling days', (onProgress) =>
          backfillEcbHistory(orm.em.fork(), file, { batchDays: opts.batchDays, onProgress }),
        );
        print(formatBackfillSummary(file, summary));
      }),
    );

  fx.command('rate')
    .description('Show the rate a listing of that date is converted with (default: today, UTC)')
    .argument('<currency>', 'ISO 4217 code, e.g. EUR', currencyCode)
    .argument('[date]', 'YYYY-MM-DD', isoDate)
    .addHelpText('after', '\nOn weekends and holidays the last rate published before the date applies.')
    .action((currency: string, date: string | undefined) =>
      withDatabase(async (orm) => {
        const day = date ?? new Date().toISOString().slice(0, 10);
        if (currency === 'USD') {
          print('USD is the base currency: every rate is units of a currency per 1 USD.');
          return;
        }
        const em = orm.em.fork();
        const found = await rateOnOrBefore(em, currency, day);
        if (!found) {
          const known = await knownCurrencies(em, [currency]);
          throw new UserError(
            known.size === 0
              ? `No rate for ${currency} is stored: ECB does not publish it, or no rates are loaded yet ` +
                  '(run `npx minifig fx backfill <eurofxref-hist.csv>` or `npx minifig job run fx`).'
              : `No ${currency} rate on or before ${day}: ECB's history for it starts later.`,
          );
        }
        const perCurrency = trimZeros(divideDecimals('1', found.rate, 6) ?? '?');
        const age = (Date.parse(day) - Date.parse(found.date)) / 86_400_000;
        const lines = [
          `${currency} on ${day}: ${trimZeros(found.rate)} ${currency} per USD (1 ${currency} = ${perCurrency} USD)`,
          found.date === day
            ? `${found.source} rate of ${found.date}.`
            : `${found.source} rate of ${found.date}, the last published before ${day}.`,
        ];
        if (age > DEFAULT_MAX_RATE_AGE_DAYS) {
          lines.push(
            `Warning: that is ${age} days earlier; listings are not converted with rates older than ` +
              `${DEFAULT_MAX_RATE_AGE_DAYS} days.`,
          );
        }
        print(lines.join('\n'));
      }),
    );
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

function currencyCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code))
    throw new InvalidArgumentError('must be a three-letter ISO 4217 code such as EUR.');
  return code;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('must be a date as YYYY-MM-DD.');
  }
  return value;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1.');
  return n;
}
