import { describe, expect, it } from 'vitest';
import { figureLabel } from '../../src/core/figure.js';
import { ago, percent, truncate, usd, utcDateTime } from '../../src/replies/format.js';

describe('display formatting', () => {
  it('money: cents under $1,000, whole dollars above', () => {
    expect([usd(0.5), usd(12), usd(999.994), usd(1234.5), usd(1_000_000)]).toEqual([
      '$0.50',
      '$12.00',
      '$999.99',
      '$1,235',
      '$1,000,000',
    ]);
  });

  it('changes: signed, a true minus sign, n/a without data', () => {
    expect([
      percent(0.123),
      percent(-0.04),
      percent(0),
      percent(0.00001),
      percent(null),
      percent(Number.NaN),
    ]).toEqual(['+12.3%', '−4.0%', '0.0%', '0.0%', 'n/a', 'n/a']);
    expect(percent(25)).toBe('+2500%');
  });

  it('times in UTC, and how long ago', () => {
    expect(utcDateTime(new Date('2026-11-26T09:30:59Z'))).toBe('2026-11-26 09:30 UTC');
    const now = new Date('2026-11-26T12:00:00Z');
    expect(ago(new Date('2026-11-26T11:59:40Z'), now)).toBe('just now');
    expect(ago(new Date('2026-11-26T11:15:00Z'), now)).toBe('45 min ago');
    expect(ago(new Date('2026-11-25T10:00:00Z'), now)).toBe('26 h ago');
    expect(ago(new Date('2026-11-20T12:00:00Z'), now)).toBe('6 d ago');
  });

  it('truncates by code points', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(truncate('🦖🦖🦖🦖', 3)).toBe('🦖🦖…');
  });

  it('labels figures "item · name (year)" within Discord\'s 100 characters', () => {
    expect(figureLabel({ itemNo: 'sw0002', name: 'Boba Fett - Classic Grays', year: 2000 })).toBe(
      'sw0002 · Boba Fett - Classic Grays (2000)',
    );
    expect(figureLabel({ itemNo: 'x30', name: 'Unknown year', year: null })).toBe('x30 · Unknown year');
    const long = figureLabel({ itemNo: 'col123', name: 'N'.repeat(150), year: 2011 });
    expect(long).toHaveLength(100);
    expect(long.endsWith('… (2011)')).toBe(true);
  });
});
