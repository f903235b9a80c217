/**
 * alert, watch and digest through the real dispatcher and the real services bag on PostgreSQL.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { consolePlatform } from '../../src/adapters/console/platform.js';
import { discordPlatform } from '../../src/adapters/discord/platform.js';
import { slackPlatform } from '../../src/adapters/slack/platform.js';
import type { InvocationContext } from '../../src/core/command.js';
import { createDispatcher, type Dispatcher } from '../../src/core/dispatch.js';
import type { Reply } from '../../src/core/reply.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { DAY, insertFigure, insertListings, median } from '../support/alerting.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { usersOn } from './harness.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const discord = usersOn(discordPlatform, 'G1');
const text = (r: Reply) => JSON.stringify(r);

describe('alert, watch and digest commands on PostgreSQL', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let d: Dispatcher;
  const usedPrices = [10, 12, 14, 16, 18];
  const newPrices = [30, 34, 40];

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    const trooper = await insertFigure(em, 'sw0188', { name: 'Clone Trooper Episode 3', theme: 'Star Wars' });
    await insertFigure(em, 'cty0100', { name: 'Police Officer', theme: 'Town' });
    await insertListings(em, [
      ...usedPrices.map((price, i) => ({
        figureId: trooper,
        price,
        at: new Date(NOW.getTime() - (i + 1) * DAY),
      })),
      ...newPrices.map((price, i) => ({
        figureId: trooper,
        price,
        condition: 'new' as const,
        at: new Date(NOW.getTime() - (i + 1) * DAY),
      })),
    ]);
    d = createDispatcher({
      commands,
      deps: createDepsFactory(db.orm, { now: () => NOW, alertCheckSchedule: 'every 15 minutes' }),
    });
  });
  afterAll(() => db?.drop());

  const alertsOf = (userId: string) =>
    em.execute<
      { id: string; kind: string; threshold: string; target_kind: string; removed_at: Date | null }[]
    >(
      `select a.id::text as id, a.kind, a.threshold, a.target_kind, a.removed_at
       from alerts a join chat_users u on u.id = a.user_id where u.user_id = ? order by a.id`,
      [userId],
    );

  it('adds an alert by DM, lists it, and asks before removing it on Discord', async () => {
    const added = await d.dispatchText('alert add sw0188 below $12.50', discord('U1'));
    expect(added.tone).toBe('positive');
    expect(added.summary).toMatch(
      /Alert #\d+ set: sw0188 Clone Trooper Episode 3 \(used\), below \$12\.50\. .*direct message/,
    );
    // The newcomer waiting for their alert learns when it is first checked.
    expect(added.summary).toContain('Prices are next checked against it at 2026-11-26 12:15 UTC.');
    const [row] = await alertsOf('U1');
    expect(row).toMatchObject({ kind: 'below', threshold: '12.5000', target_kind: 'dm' });

    const list = await d.dispatchText('alert list', discord('U1'));
    expect(text(list)).toContain(`#${row?.id}`);
    expect(text(list)).toContain('below $12.50');
    // Another user (or the same user in another guild) sees none of it.
    expect((await d.dispatchText('alert list', discord('U2'))).summary).toMatch(/no alerts/);
    expect((await d.dispatchText('alert list', discord('U1', { workspaceId: 'G2' }))).summary).toMatch(
      /no alerts/,
    );

    const ask = await d.dispatchText(`alert remove ${row?.id}`, discord('U1'));
    const actions = ask.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.buttons[0]?.invocation).toEqual({
      command: 'alert',
      subcommand: 'remove',
      options: { id: row?.id, confirm: true },
    });
    expect((await alertsOf('U1'))[0]?.removed_at).toBeNull();
    // The button runs as the same user: it removes.
    if (actions?.type !== 'actions' || !actions.buttons[0]) throw new Error('no button');
    const done = await d.dispatch(actions.buttons[0].invocation, discord('U1'));
    expect(done.summary).toMatch(/removed/);
    expect((await alertsOf('U1'))[0]?.removed_at).not.toBeNull();
    // Someone else cannot remove your alerts.
    await d.dispatchText('alert add sw0188 above 100', discord('U1'));
    const mine = (await alertsOf('U1')).at(-1);
    const theirs = await d.dispatchText(`alert remove ${mine?.id} --confirm`, discord('U2'));
    expect(theirs.tone).toBe('error');
    expect((await alertsOf('U1')).at(-1)?.removed_at).toBeNull();
  });

  it('removes at once on the console, where there are no buttons', async () => {
    const ctx: InvocationContext = { platform: 'console', traits: consolePlatform, userId: 'console' };
    await d.dispatchText('alert add "Clone Trooper Episode 3" deal 30%', ctx);
    const [row] = await alertsOf('console');
    expect(row?.kind).toBe('deal');
    const removed = await d.dispatchText(`alert remove #${row?.id}`, ctx);
    expect(removed.summary).toMatch(/removed/);
  });

  it('reads each kind of value, and refuses a bad one with what it expects', async () => {
    const u = discord('U3');
    expect((await d.dispatchText('alert add sw0188 change -15% new period:30d', u)).summary).toMatch(
      /a 15% drop over 30 days/,
    );
    expect((await d.dispatchText('alert add sw0188 new-low 90', u)).summary).toMatch(/a new 90-day low/);
    expect((await d.dispatchText('alert add sw0188 change 20', u)).summary).toMatch(
      /20% move either way over 7 days/,
    );
    const bad = await d.dispatchText('alert add sw0188 below cheap', u);
    expect(bad.tone).toBe('error');
    expect(bad.summary).toMatch(/needs a price such as 12.50, €50 or 50 EUR/);
    expect((await d.dispatchText('alert add sw0188 new-low 45', u)).summary).toMatch(/30, 60, 90/);
    expect((await d.dispatchText('alert add sw0188 below 5 period:7d', u)).summary).toMatch(
      /period only applies/,
    );
  });

  it('sends to the channel only where there is one', async () => {
    const ok = await d.dispatchText('alert add sw0188 above 25 --channel', discord('U4'));
    expect(ok.summary).toMatch(/this channel/);
    expect((await alertsOf('U4'))[0]?.target_kind).toBe('channel');
    const console = await d.dispatchText('alert add sw0188 above 25 --channel', {
      platform: 'console',
      traits: consolePlatform,
      userId: 'c',
    });
    expect(console.summary).toMatch(/needs a channel/);
  });

  it('stops at 50 alerts per user with a clear message', async () => {
    const u = discord('U5');
    for (let i = 0; i < 50; i++) {
      const r = await d.dispatchText(`alert add sw0188 below ${i + 1}`, u);
      expect(r.tone).toBe('positive');
    }
    const over = await d.dispatchText('alert add sw0188 below 99', u);
    expect(over.tone).toBe('error');
    expect(over.summary).toMatch(/already have 50 alerts.*alert remove <id>/);
    expect(await alertsOf('U5')).toHaveLength(50);
  });

  it('values a watchlist at headline prices with the gain against the price paid', async () => {
    const u = discord('U6');
    expect((await d.dispatchText('watch add sw0188 used quantity:2 paid:10', u)).summary).toMatch(
      /Watching sw0188/,
    );
    expect((await d.dispatchText('watch add sw0188 new paid:35', u)).summary).toMatch(/Watching/);
    expect((await d.dispatchText('watch add cty0100', u)).summary).toMatch(/Watching cty0100/);
    const list = await d.dispatchText('watch list', u);
    expect(text(list)).toContain('cty0100');

    const value = await d.dispatchText('watch value', u);
    const usedNow = median(usedPrices);
    const newNow = median(newPrices);
    const total = usedNow * 2 + newNow;
    const gain = usedNow * 2 + newNow - (10 * 2 + 35);
    const money = (n: number) => `$${n.toFixed(2)}`;
    expect(value.summary).toContain(`Watchlist value ${money(total)}`);
    expect(value.summary).toContain(`+${money(gain)}`);
    expect(text(value)).toContain('no price');

    expect((await d.dispatchText('watch remove cty0100', u)).summary).toMatch(/Stopped watching/);
    expect((await d.dispatchText('watch remove cty0100', u)).tone).toBe('error');
  });

  it('lets only channel admins manage the digest, on Discord and Slack', async () => {
    const refused = await d.dispatchText('digest subscribe', discord('U7'));
    expect(refused.tone).toBe('error');
    expect(refused.summary).toMatch(/Manage Channels/);
    const slackRefused = await d.dispatchText('digest subscribe', {
      platform: 'slack',
      traits: slackPlatform,
      userId: 'U8',
      workspaceId: 'T1',
      channelId: 'C9',
      isAdmin: false,
    });
    expect(slackRefused.summary).toMatch(/workspace admins/);
    expect(await em.execute('select 1 from channel_subscriptions')).toHaveLength(0);

    const admin = discord('U7', { isAdmin: true });
    const sub = await d.dispatchText('digest subscribe 8:30 europe/berlin theme:"star wars"', admin);
    expect(sub.summary).toMatch(/daily digest at 08:30 Europe\/Berlin \(Star Wars only\)/);
    expect((await d.dispatchText('digest subscribe 25:00', admin)).summary).toMatch(/HH:MM/);
    expect((await d.dispatchText('digest subscribe 09:00 Mars/Base', admin)).summary).toMatch(
      /not an IANA time zone/,
    );

    const preview = await d.dispatchText('digest preview', admin);
    expect(preview.title).toMatch(/^Preview: Daily digest · 2026-11-26 · Star Wars/);
    expect(preview.ephemeral).toBe(true);
    expect((await d.dispatchText('digest preview', discord('U7'))).tone).toBe('error');

    expect((await d.dispatchText('digest unsubscribe', admin)).summary).toMatch(/Unsubscribed/);
    expect((await d.dispatchText('digest unsubscribe', admin)).summary).toMatch(/was not subscribed/);
  });
});
