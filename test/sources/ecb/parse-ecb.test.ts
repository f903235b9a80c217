import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEcbDailyXml } from '../../../src/sources/ecb/parse-daily-xml.js';
import { parseEcbHistoryCsv } from '../../../src/sources/ecb/parse-history-csv.js';
import { EcbFormatError } from '../../../src/sources/ecb/types.js';
import { toUsdRates } from '../../../src/sources/ecb/usd-rates.js';
import { ECB_DAILY_XML, ECB_HISTORY_CSV, isRoundedQuotient } from '../../support/ecb-files.js';

const xml = readFileSync(ECB_DAILY_XML, 'utf8');
const csv = readFileSync(ECB_HISTORY_CSV, 'utf8');

describe('the daily XML (eurofxref-daily.xml of 2022-07-08)', () => {
  const [day, ...others] = parseEcbDailyXml(xml);

  it('holds one day with all 31 currencies, rates kept as the strings ECB printed', () => {
    expect(others).toHaveLength(0);
    expect(day?.date).toBe('2022-07-08');
    // Counted independently: one <Cube currency=...> element per rate.
    expect(day?.rates.size).toBe(xml.match(/<Cube currency=/g)?.length);
    expect(day?.rates.size).toBe(31);
    // Read by eye from the file.
    expect(day?.rates.get('USD')).toBe('1.0163');
    expect(day?.rates.get('JPY')).toBe('138.05');
    expect(day?.rates.get('PLN')).toBe('4.7630');
    expect(day?.rates.get('HRK')).toBe('7.5190');
    expect(day?.rates.get('IDR')).toBe('15210.73');
  });

  it('re-bases to USD: JPY = 138.05 / 1.0163, EUR = 1 / 1.0163, USD = 1', () => {
    const rates = new Map(toUsdRates(day as NonNullable<typeof day>).map((r) => [r.currency, r.rate]));
    expect(rates.size).toBe(32); // 30 non-USD currencies + EUR + USD
    expect(rates.get('USD')).toBe('1');
    expect(Number(rates.get('JPY'))).toBeCloseTo(138.05 / 1.0163, 8);
    expect(Number(rates.get('EUR'))).toBeCloseTo(1 / 1.0163, 9);
    expect(Number(rates.get('GBP'))).toBeCloseTo(0.84585 / 1.0163, 9);
    for (const [currency, ecb] of day?.rates ?? []) {
      if (currency === 'USD') continue;
      expect(isRoundedQuotient(rates.get(currency) as string, ecb, '1.0163'), currency).toBe(true);
    }
    expect(isRoundedQuotient(rates.get('EUR') as string, '1', '1.0163')).toBe(true);
  });

  it('rejects garbage, an HTML error page, a truncated file and an empty envelope', () => {
    expect(() => parseEcbDailyXml('<html><body>Service Unavailable</body></html>')).toThrow(EcbFormatError);
    expect(() => parseEcbDailyXml('not xml at all')).toThrow(EcbFormatError);
    expect(() => parseEcbDailyXml(xml.slice(0, xml.length >> 1))).toThrow(EcbFormatError);
    expect(() =>
      parseEcbDailyXml('<gesmes:Envelope xmlns:gesmes="x"><Cube></Cube></gesmes:Envelope>'),
    ).toThrow(/no Cube with a time attribute/);
    expect(() => parseEcbDailyXml(xml.replace("rate='138.05'", "rate='abc'"))).toThrow(
      /bad rate "abc" for JPY/,
    );
  });

  it('reads the 90-day file shape: several days, newest first', () => {
    const two = xml.replace(
      "<Cube time='2022-07-08'>",
      "<Cube time='2022-07-08'><Cube currency='USD' rate='1.0163'/></Cube><Cube time='2022-07-07'>",
    );
    expect(parseEcbDailyXml(two).map((d) => d.date)).toEqual(['2022-07-08', '2022-07-07']);
  });
});

describe('the history CSV (eurofxref-hist.csv up to 2025-05-09)', () => {
  const history = parseEcbHistoryCsv(csv);
  const dataLines = csv.split('\n').filter((l) => /^\d{4}-/.test(l));

  it('has every day, newest first, and counts the N/A cells', () => {
    expect(history.days).toHaveLength(dataLines.length);
    expect(history.days).toHaveLength(6747);
    expect(history.days[0]?.date).toBe('2025-05-09');
    expect(history.days.at(-1)?.date).toBe('1999-01-04');
    expect(history.notQuoted).toBe(csv.split('N/A').length - 1);
  });

  it('reads rates by eye from the first and last lines, skipping N/A and the trailing comma', () => {
    const newest = history.days[0]?.rates;
    expect(newest?.get('USD')).toBe('1.1252');
    expect(newest?.get('JPY')).toBe('163.36');
    expect(newest?.get('ZAR')).toBe('20.4835'); // the last column, before the trailing comma
    expect(newest?.has('CYP')).toBe(false); // N/A: Cyprus joined the euro in 2008
    expect(newest?.has('HRK')).toBe(false);
    expect(newest?.has('')).toBe(false);
    const oldest = history.days.at(-1)?.rates;
    expect(oldest?.get('USD')).toBe('1.1789');
    expect(oldest?.get('CYP')).toBe('0.58231');
    expect(oldest?.get('TRL')).toBe('372274');
    expect(oldest?.has('BGN')).toBe(false);
    // Croatia's last quote before the euro.
    const hrk = history.days.find((d) => d.rates.has('HRK'));
    expect(hrk?.date).toBe('2022-12-30');
    expect(hrk?.rates.get('HRK')).toBe('7.5365');
  });

  it('re-bases each day to USD with that day’s USD rate', () => {
    const day = history.days[0] as (typeof history.days)[number];
    const rates = new Map(toUsdRates(day).map((r) => [r.currency, r.rate]));
    expect(rates.size).toBe(day.rates.size + 1); // + EUR
    expect(Number(rates.get('GBP'))).toBeCloseTo(0.8477 / 1.1252, 9);
    expect(Number(rates.get('EUR'))).toBeCloseTo(1 / 1.1252, 9);
    for (const [currency, ecb] of day.rates) {
      if (currency !== 'USD')
        expect(isRoundedQuotient(rates.get(currency) as string, ecb, '1.1252')).toBe(true);
    }
  });

  it('refuses a file that is not the history, naming the line', () => {
    expect(() => parseEcbHistoryCsv('hello,world\n')).toThrow(/line 1/);
    const broken = csv.replace('2025-05-08,1.1297', '2025-05-08,1.12x97');
    expect(() => parseEcbHistoryCsv(broken)).toThrow(/line 3: bad USD rate "1.12x97"/);
  });
});
