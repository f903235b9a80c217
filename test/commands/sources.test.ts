import { describe, expect, it } from 'vitest';
import { blocksOf, run } from './harness.js';

describe('sources', () => {
  it("shows each source's last run, result and quota used today", async () => {
    const { reply } = await run('sources', {
      sources: [
        {
          name: 'BrickLink',
          lastRunAt: new Date('2026-11-26T11:00:00Z'),
          lastRunSuccess: true,
          quotaPerDay: 5000,
          usedToday: 1234,
        },
        {
          name: 'eBay',
          lastRunAt: new Date('2026-11-23T12:00:00Z'),
          lastRunSuccess: false,
          quotaPerDay: 5000,
          usedToday: 0,
        },
        { name: 'LEGO', lastRunAt: null, lastRunSuccess: null, quotaPerDay: null, usedToday: 3 },
      ],
    });
    expect(blocksOf(reply, 'table')[0]?.rows).toEqual([
      ['BrickLink', '2026-11-26 11:00 UTC (1 h ago)', 'ok', '1,234 / 5,000'],
      ['eBay', '2026-11-23 12:00 UTC (3 d ago)', 'FAILED', '0 / 5,000'],
      ['LEGO', 'never', '–', '3 (no daily cap)'],
    ]);
    expect(reply.summary).toBe('Data sources: eBay failed on the last run.');
    expect(reply.tone).toBe('warning');
  });
});
