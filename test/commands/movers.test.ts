import { describe, expect, it } from 'vitest';
import type { MoversResult } from '../../src/deps.js';
import { FIGURES } from '../support/fake-deps.js';
import { blocksOf, run } from './harness.js';

const RESULT: MoversResult = {
  gainers: [
    {
      figure: FIGURES.sw0002,
      condition: 'used',
      before: 40,
      after: 52,
      change: 0.3,
      samplesBefore: 5,
      samplesAfter: 7,
    },
  ],
  losers: [
    {
      figure: FIGURES.sw0004,
      condition: 'new',
      before: 100,
      after: 80,
      change: -0.2,
      samplesBefore: 12,
      samplesAfter: 9,
    },
  ],
  minSamples: 3,
  asOf: new Date('2026-11-26T12:00:00Z'),
};

describe('movers', () => {
  it('defaults to 7 days and shows both sides with their sample sizes', async () => {
    const { reply, deps } = await run('movers', { movers: RESULT });
    expect(deps.calls.find((c) => c.method === 'movers')?.args).toEqual([
      { period: '7d', theme: undefined, condition: undefined, limit: 5 },
    ]);
    const [gainers, losers] = blocksOf(reply, 'table');
    expect(gainers?.rows).toEqual([
      ['sw0002', 'Boba Fett - Classic Grays', 'used', '$40.00', '$52.00', '+30.0%', '5 → 7'],
    ]);
    expect(losers?.rows).toEqual([
      ['sw0004', 'Darth Vader (Light Gray Head)', 'new', '$100.00', '$80.00', '−20.0%', '12 → 9'],
    ]);
    expect(reply.summary).toBe('Movers over 7 days: top gainer sw0002 +30.0%, top loser sw0004 −20.0%');
    expect(reply.footer).toContain('each figure needs 3+ listings at both ends');
  });

  it('passes period, theme (catalogue spelling) and condition through', async () => {
    const { reply, deps } = await run('movers 30d theme:"super heroes" new', { movers: RESULT });
    expect(deps.calls.find((c) => c.method === 'movers')?.args).toEqual([
      { period: '30d', theme: 'Super Heroes', condition: 'new', limit: 5 },
    ]);
    expect(reply.title).toBe('Movers: 30 days, Super Heroes, new');
  });

  it('explains an empty result', async () => {
    const { reply } = await run('movers 1d');
    expect(reply.summary).toBe('No movers over 1 day: no figure had 3 listings at both ends of the period.');
  });
});
