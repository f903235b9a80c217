/**
 * The first start without network: the demo load finds exchange_rates empty and loads ECB's
 * bundled history, so `price sw0002 EUR` answers in euros at once, at the last bundled rate,
 * with its date and an honest word on its age (the demo's listings are dated around today).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { loadBundledRates, loadDemo } from '../../src/demo/load-demo.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const quiet = pino({ level: 'silent' });
const NOW = new Date('2026-11-26T12:00:00Z');

describe('exchange rates on the first start', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let dispatcher: Dispatcher;
  const steps: string[] = [];
  const sql = <T>(q: string) => db.orm.em.getConnection().execute<T[]>(q);

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemo(db.orm, { config: loadConfig({}), log: quiet, now: NOW, progress: (s) => steps.push(s) });
    dispatcher = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
  }, 180_000);
  afterAll(() => db?.drop());

  it('loads the bundled ECB history into an empty table, once', async () => {
    expect(steps[0]).toMatch(/ECB's exchange-rate history/);
    const [span] = await sql<{ first: string; last: string; eur: string }>(
      `select to_char(min(date), 'YYYY-MM-DD') as first, to_char(max(date), 'YYYY-MM-DD') as last,
              (select rate::text from exchange_rates where currency = 'EUR' and date = '2025-05-09') as eur
       from exchange_rates`,
    );
    expect(span).toMatchObject({ first: '1999-01-04', last: '2025-05-09' });
    // ECB quotes 1.1252 USD per EUR that day: 1/1.1252 EUR per USD.
    expect(Number(span?.eur)).toBeCloseTo(1 / 1.1252, 8);
    expect(await loadBundledRates(db.orm)).toBeNull();
  });

  it('answers price sw0002 EUR in euros at the last bundled rate, naming its date and its age', async () => {
    const reply = await dispatcher.dispatchText('price sw0002 EUR', { platform: 'test' });
    expect(reply.summary).toMatch(/^sw0002 .*€\d/);
    expect(reply.footer).toContain('EUR, converted from USD at 1 USD = 0.8887 EUR (ECB, 2025-05-09)');
    expect(reply.footer).toContain('Stale rate: the newest stored EUR rate is 566 days old');
    expect(reply.footer).not.toContain('No EUR rate');
  });
});
