/**
 * Currencies end to end on PostgreSQL: settings stored per user and per channel, every priced
 * command in EUR, GBP and JPY through the real services bag, and an alert set in EUR that fires.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { slackPlatform } from '../../src/adapters/slack/platform.js';
import { evaluateAlerts } from '../../src/alerts/evaluate.js';
import type { AlertFiredPayload } from '../../src/alerts/types.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import type { Reply } from '../../src/core/reply.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { money } from '../../src/currency/format-money.js';
import { upsertExchangeRates } from '../../src/db/repositories/exchange-rates.js';
import { renderNotification } from '../../src/replies/notification.js';
import { DAY, insertFigure, insertListings, outboxRows, refreshPrices } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { flatRateRows } from '../support/fake-rates.js';
import { renderEverywhere } from '../support/render-everywhere.js';
import { usersOn } from './harness.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const RATES = { EUR: 0.9, GBP: 0.8, JPY: 150 } as const;
const slack = usersOn(slackPlatform, 'T1');
const all = (r: Reply) => JSON.stringify(r);

describe('currencies on PostgreSQL', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let d: Dispatcher;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    const trooper = await insertFigure(em, 'sw0188', { name: 'Clone Trooper Episode 3', theme: 'Star Wars' });
    await insertListings(
      em,
      [40, 42, 44, 46, 48, 50, 52].map((price, i) => ({
        figureId: trooper,
        price,
        at: new Date(NOW.getTime() - (i + 1) * DAY),
      })),
    );
    // Rates for every day of the last two months; EUR on the 2026-11-20 differs, to see the day's rate used.
    await upsertExchangeRates(em, flatRateRows(NOW, RATES, 60, { 'EUR 2026-11-20': 0.95 }));
    await refreshPrices(db.orm.em.fork(), NOW);
    d = createDispatcher({ commands, deps: createDepsFactory(db.orm, { now: () => NOW }) });
  });
  afterAll(() => db?.drop());

  it('price, history, movers and watch value in EUR, GBP and JPY, with the rate in the footer', async () => {
    await d.dispatchText('watch add sw0188 used quantity:3 paid:40', slack('U9'));
    for (const [code, rate] of Object.entries(RATES)) {
      const price = await d.dispatchText(`price sw0188 used ${code}`, slack('U1'));
      expect(price.summary).toBe(`sw0188 Clone Trooper Episode 3: used ${money(46 * rate, code)}`);
      expect(price.footer).toContain(`${code}, converted from USD at 1 USD = `);
      const history = await d.dispatchText(`history sw0188 30 used currency:${code}`, slack('U1'));
      expect(history.tone).toBe('info');
      expect(history.footer).toMatch(new RegExp(`^${code}, converted from USD at each day's ECB rate`));
      const movers = await d.dispatchText(`movers 7d ${code}`, slack('U1'));
      expect(movers.footer).toContain(`${code}, converted from USD`);
      const value = await d.dispatchText(`watch value ${code}`, slack('U9'));
      const fields = value.blocks.find((b) => b.type === 'fields');
      const [v, paid, gain] = fields?.type === 'fields' ? fields.fields.map((f) => f.value) : [];
      expect(v).toBe(
        money((Math.round(46 * rate * (code === 'JPY' ? 1 : 100)) / (code === 'JPY' ? 1 : 100)) * 3, code),
      );
      expect(paid).toBe(money(40 * rate * 3, code));
      expect(gain?.startsWith(`+${money(6 * rate * 3, code)}`)).toBe(true);
    }
    // History converts each day at its own rate: 2026-11-20's EUR rate is 0.95 (its $50 sale is the
    // highest in euros), the others 0.9 ($52 on 2026-11-19).
    const history = await d.dispatchText('history sw0188 30 used EUR', slack('U1'));
    expect(history.summary).toContain(`median ${money(52 * 0.9, 'EUR')} on 2026-11-19`);
    expect(history.summary).toContain(`range ${money(40 * 0.9, 'EUR')}–${money(50 * 0.95, 'EUR')}`);
  });

  it('keeps a personal currency and a channel default; the option wins over both', async () => {
    expect(all(await d.dispatchText('settings channel currency GBP', slack('U2')))).toMatch(
      /Only workspace admins/,
    );
    const set = await d.dispatchText('settings channel currency GBP', slack('U2', { isAdmin: true }));
    expect(set.summary).toMatch(/This channel now shows prices in GBP \(written like £1,234\.50\)/);
    expect((await d.dispatchText('price sw0188 used', slack('U3'))).summary).toContain('£');
    expect((await d.dispatchText('settings currency eur', slack('U3'))).summary).toMatch(
      /now shown to you in EUR \(written like €1,234\.50\)/,
    );
    expect((await d.dispatchText('price sw0188 used', slack('U3'))).summary).toContain('€');
    expect((await d.dispatchText('price sw0188 used JPY', slack('U3'))).summary).toContain('¥');
    expect((await d.dispatchText('settings currency', slack('U3'))).summary).toMatch(/shown to you in EUR/);
    await d.dispatchText('settings currency default', slack('U3'));
    expect((await d.dispatchText('price sw0188 used', slack('U3'))).summary).toContain('£');
    // Another channel has no default: USD.
    expect((await d.dispatchText('price sw0188 used', slack('U3', { channelId: 'C2' }))).summary).toContain(
      '$',
    );
    const bad = await d.dispatchText('settings currency TWD', slack('U3'));
    expect(bad.summary).toMatch(/^code must be USD or a currency ECB publishes/);
  });

  it('fires an alert set in EUR, with both amounts in the message', async () => {
    const added = await d.dispatchText('alert add sw0188 below 50 EUR', slack('U4', { channelId: 'C9' }));
    expect(added.summary).toMatch(/below €50\.00/);
    // 46 USD is €41.40 at 0.9: under €50, though over a 40 USD threshold would not be.
    await evaluateAlerts(db.orm.em.fork(), { now: NOW, minConfidence: 0.6 });
    const fired = (await outboxRows(em)).filter((r) => r.kind === 'alert');
    expect(fired).toHaveLength(1);
    const payload = fired[0]?.payload as unknown as AlertFiredPayload;
    expect(payload.currency).toEqual({ code: 'EUR', rate: 0.9, date: '2026-11-26' });
    const reply = renderNotification(payload);
    expect(reply.summary).toBe(
      'sw0188 Clone Trooper Episode 3 (used) is at €41.40 ($46.00), at or below your €50.00 alert.',
    );
    expect(reply.footer).toContain('EUR, converted from USD at 1 USD = 0.9000 EUR (ECB, 2026-11-26)');
    // An alert at €40 stays armed: €41.40 is above it.
    await d.dispatchText('alert add sw0188 below €40', slack('U5'));
    await evaluateAlerts(db.orm.em.fork(), { now: NOW, minConfidence: 0.6 });
    expect((await outboxRows(em)).filter((r) => r.kind === 'alert')).toHaveLength(1);
  });

  it("posts a channel's digest in its currency", async () => {
    const preview = await d.dispatchText('digest preview', slack('U2', { isAdmin: true }));
    expect(preview.footer).toContain('GBP, converted from USD at 1 USD = 0.8000 GBP (ECB, 2026-11-26)');
    const yen = await d.dispatchText('digest preview JPY', slack('U2', { isAdmin: true }));
    expect(yen.footer).toContain('JPY, converted from USD');
  });

  it('renders every priced command in EUR, GBP and JPY on Discord, Slack and the console', async () => {
    const admin = slack('U7', { isAdmin: true });
    for (const code of Object.keys(RATES)) {
      const note = `${code}, converted from USD`;
      const noted = [
        `price sw0188 ${code}`,
        `history sw0188 30 used currency:${code}`,
        `movers 7d currency:${code}`,
        `search clone trooper currency:${code}`,
        `watch value currency:${code}`,
        `digest preview currency:${code}`,
      ];
      for (const text of noted) {
        const reply = await d.dispatchText(text, text.startsWith('watch') ? slack('U9') : admin);
        expect(reply.tone, text).not.toBe('error');
        for (const out of Object.values(renderEverywhere(reply))) expect(out, text).toContain(note);
      }
      const threshold = money(1000, code);
      const added = await d.dispatchText(`alert add sw0188 above 1000 currency:${code}`, admin);
      const listed = await d.dispatchText('alert list', admin);
      for (const reply of [added, listed]) {
        for (const out of Object.values(renderEverywhere(reply))) expect(out).toContain(threshold);
      }
    }
  });
});
