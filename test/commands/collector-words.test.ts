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
  figure('cty0206', 'Police - City Leather Jacket with Gold Badge', 'Town', 2011),
  figure('cty0100', 'Police Officer', 'Town', 2009),
  figure('col001', 'Zombie', 'Collectible Minifigures', 2010),
  figure('njo001', 'Kai', 'NINJAGO', 2011),
  figure('sw0100', 'Cloud City Guard', 'Star Wars', 2003),
  figure('sw0102', 'Police Droid', 'Star Wars', 2019),
];

describe('theme names collectors use', () => {
  it.each([
    ['movers 7d City', 'Town'],
    ['movers 7d CMF', 'Collectible Minifigures'],
    ['movers 7d "collectible minifigures"', 'Collectible Minifigures'],
    ['movers 30d ninjago', 'NINJAGO'],
    ['movers theme:city', 'Town'],
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
      { theme: 'Town' },
      10,
    ]);
    expect(blocksOf(reply, 'table')[0]?.rows.map((r) => r[0])).toEqual(['cty0206', 'cty0100']);
    expect(reply.summary).toMatch(/^2 figures for "police" in Town/);
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
    ).toEqual([{ name: 'cmf → Collectible Minifigures (1 figures)', value: 'Collectible Minifigures' }]);
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
