/**
 * The words collectors type: theme names they use (City, CMF, Ninjago), a theme at the end of a
 * search, and values meant for an option that are not among its choices, reported against it.
 */
import { describe, expect, it } from 'vitest';
import type { MoversQuery } from '../../src/deps.js';
import { FIGURES, figure } from '../support/fake-deps.js';
import { blocksOf, run } from './harness.js';

const figures = [
  ...Object.values(FIGURES),
  // Test figures carry their category path as the theme, as the catalogue's subthemes are listed.
  figure('cty0206', 'Police - City Leather Jacket with Gold Badge', 'Town / City / Police', 2011),
  figure('cty0100', 'Police Officer', 'Town / City / Police', 2009),
  figure('cop001', 'Police Officer, Classic', 'Town / Classic Town / Police', 1985),
  figure('sw0188', 'Clone Trooper Episode 3', 'Star Wars / Star Wars Episode 3', 2005),
  figure('sw0003', 'Stormtrooper', 'Star Wars / Star Wars Episode 4/5/6', 1999),
  figure('col001', 'Zombie', 'Collectible Minifigures', 2010),
  figure('njo001', 'Kai', 'NINJAGO', 2011),
  figure('sw0100', 'Cloud City Guard', 'Star Wars', 2003),
  figure('sw0102', 'Police Droid', 'Star Wars', 2019),
  figure(
    'sh0607',
    'Batman - One Piece Cowl and Cape with Complex Bat Logo (1989)',
    "Super Heroes / Tim Burton's Batman",
    2019,
  ),
  figure(
    'sh0608',
    'The Joker - Dark Turquoise Bow Tie, Printed Legs',
    "Super Heroes / Tim Burton's Batman",
    2019,
  ),
  figure('sh0045', 'Spider-Man in Black Symbiote Costume', 'Super Heroes / Spider-Man', 2012),
  figure('sh0001', 'Green Lantern (Comic-Con 2011 Exclusive)', 'Super Heroes / Super Heroes Other', 2011),
];

describe('theme names collectors use', () => {
  it.each([
    ['movers 7d City', 'Town / City'],
    ['movers 7d "Star Wars Episode 4/5/6"', 'Star Wars / Star Wars Episode 4/5/6'],
    ['movers 7d theme:"Town / Classic Town"', 'Town / Classic Town'],
    ['movers 7d Town', 'Town'],
    ['movers 7d CMF', 'Collectible Minifigures'],
    ['movers 7d "collectible minifigures"', 'Collectible Minifigures'],
    ['movers 30d ninjago', 'NINJAGO'],
    ['movers theme:city', 'Town / City'],
    ['movers 7d Marvel', 'Marvel'],
    ['movers 7d DC', 'DC'],
    ['movers 7d "dc comics"', 'DC'],
    ['movers 7d theme:"super heroes"', 'Super Heroes'],
  ])('%s is %s', async (text, theme) => {
    const { reply, deps } = await run(text, { figures });
    expect(reply.tone).not.toBe('error');
    const query = deps.calls.find((c) => c.method === 'movers')?.args[0] as MoversQuery;
    expect(query.theme).toBe(theme);
  });

  it('search reads a theme at the end of the query as its filter', async () => {
    const { reply, deps } = await run('search police City', { figures });
    expect(deps.calls.find((c) => c.method === 'searchNames')?.args).toEqual([
      'police',
      { theme: 'Town / City' },
      10,
    ]);
    // The City police, not the Classic Town one nor the Star Wars droid.
    expect(blocksOf(reply, 'table')[0]?.rows.map((r) => r[0])).toEqual(['cty0206', 'cty0100']);
    expect(reply.summary).toMatch(/^2 figures for "police" in Town \/ City/);
  });

  it('search reads Marvel and DC at the end of the query as their Super Heroes subthemes', async () => {
    const dc = await run('search batman DC', { figures });
    expect(dc.deps.calls.find((c) => c.method === 'searchNames')?.args).toEqual([
      'batman',
      { theme: 'DC' },
      10,
    ]);
    expect(blocksOf(dc.reply, 'table')[0]?.rows.map((r) => r[0])).toEqual(['sh0607']);
    expect(dc.reply.summary).toMatch(/^1 figure for "batman" in DC/);
    const marvel = await run('search spider-man marvel', { figures });
    expect(blocksOf(marvel.reply, 'table')[0]?.rows.map((r) => r[0])).toEqual(['sh0045']);
    // Green Lantern is filed under Super Heroes Other, with Marvel's figures: in neither group.
    const lantern = await run('search green lantern DC', { figures });
    expect(lantern.deps.calls.filter((c) => c.method === 'searchNames').map((c) => c.args[1])).toEqual([
      { theme: 'DC' },
      {},
    ]);
  });

  it('a subtheme shared by several themes is offered, not guessed', async () => {
    const { reply } = await run('movers 7d Police', { figures });
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('Town / City / Police');
    expect(reply.summary).toContain('Town / Classic Town / Police');
  });

  it('a trailing word that is part of a name still finds the name when the theme has none', async () => {
    const { reply } = await run('search cloud city', { figures });
    expect(blocksOf(reply, 'table')[0]?.rows.map((r) => r[0])).toContain('sw0100');
  });

  it('offers aliases beside theme names while typing', async () => {
    const { createDispatcher } = await import('../../src/core/dispatch.js');
    const { commands } = await import('../../commands/index.js');
    const { fakeDeps } = await import('../support/fake-deps.js');
    const deps = fakeDeps({ figures });
    const d = createDispatcher({ commands, deps: () => deps });
    expect(
      await d.autocomplete({ command: 'movers', option: 'theme', value: 'cmf' }, { platform: 'test' }),
    ).toEqual([{ name: 'cmf → Collectible Minifigures (1 figure)', value: 'Collectible Minifigures' }]);
    expect(
      await d.autocomplete({ command: 'movers', option: 'theme', value: 'marv' }, { platform: 'test' }),
    ).toEqual([{ name: 'Marvel (1 figure)', value: 'Marvel' }]);
    expect(
      await d.autocomplete(
        { command: 'digest', subcommand: 'subscribe', option: 'theme', value: 'dc' },
        { platform: 'test' },
      ),
    ).toContainEqual({ name: 'DC (2 figures)', value: 'DC' });
    // Subthemes are offered by any part of their path, largest first.
    expect(
      await d.autocomplete({ command: 'search', option: 'theme', value: 'episode' }, { platform: 'test' }),
    ).toEqual([
      { name: 'Star Wars / Star Wars Episode 3 (1 figure)', value: 'Star Wars / Star Wars Episode 3' },
      {
        name: 'Star Wars / Star Wars Episode 4/5/6 (1 figure)',
        value: 'Star Wars / Star Wars Episode 4/5/6',
      },
    ]);
  });
});

describe('a value meant for an option names that option', () => {
  it.each([
    ['movers 90d', 'period must be 1d, 7d or 30d, not "90d".'],
    ['movers 3m used', 'period must be 1d, 7d or 30d, not "3m".'],
    ['price sw0002 mint', 'condition must be new or used, not "mint".'],
    ['price sw0002 MISB', 'condition must be new or used, not "MISB".'],
    ['history sw0002 sealed', 'condition must be new or used, not "sealed".'],
    ['alert add sw0002 change 10% used 90d', 'period must be 1d, 7d or 30d, not "90d".'],
  ])('%s', async (text, message) => {
    const { reply } = await run(text, { figures });
    expect(reply).toMatchObject({ ephemeral: true, tone: 'error' });
    expect(reply.summary).toBe(message);
  });
});
