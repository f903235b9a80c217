import { describe, expect, it } from 'vitest';
import { parseBrickLinkCatalog } from '../../src/catalog/parse-bricklink-catalog.js';

const HEADER = 'Category ID\tCategory Name\tNumber\tName\tYear Released\tWeight (in Grams)\n\n\n';

describe('parseBrickLinkCatalog', () => {
  it('reads a row: top-level theme, category path, year and weight', () => {
    const { figures, rejected } = parseBrickLinkCatalog(
      `${HEADER}65\tStar Wars / Star Wars Episode 4/5/6\tsw0001a\tBattle Droid Tan with Back Plate\t1999\t2.94\n`,
    );
    expect(rejected).toEqual([]);
    expect(figures).toEqual([
      {
        setNumber: 'sw0001a',
        name: 'Battle Droid Tan with Back Plate',
        theme: 'Star Wars',
        yearReleased: 1999,
        metadata: {
          category_id: 65,
          category_path: ['Star Wars', 'Star Wars Episode 4/5/6'],
          weight_g: 2.94,
        },
      },
    ]);
  });

  it('takes "?" as unknown year and weight, and keeps quotes in names verbatim', () => {
    const { figures } = parseBrickLinkCatalog(`${HEADER}1\tTown\tcty0001\tChef "Pierre"\t?\t?\n`);
    expect(figures[0]).toMatchObject({
      name: 'Chef "Pierre"',
      yearReleased: null,
      metadata: { weight_g: null },
    });
  });

  it('reports bad rows with their line numbers and keeps the good ones', () => {
    const text = [
      'Category ID\tCategory Name\tNumber\tName\tYear Released\tWeight (in Grams)',
      '',
      '',
      '65\tStar Wars\tsw0001\tGood One\t2000\t3', // line 4
      '65\tStar Wars\tsw0002\tToo few columns', // line 5
      'x\tStar Wars\tsw0003\tBad category\t2000\t3', // line 6
      '65\tStar Wars\tsw 0004\tBad number\t2000\t3', // line 7
      '65\tStar Wars\tsw0005\tBad year\t20x0\t3', // line 8
      '65\tStar Wars\tsw0006\tBad weight\t2000\theavy', // line 9
      '65\tStar Wars\tsw0007\t\t2000\t3', // line 10
      '65\tStar Wars\tSW0001\tDuplicate\t2000\t3', // line 11
      '65\tStar Wars\tsw0008\tFuture\t2400\t3', // line 12
      '65\tStar Wars\tsw0009\tAlso good\t2001\t3.5', // line 13
    ].join('\n');
    const { figures, rejected } = parseBrickLinkCatalog(text);
    expect(figures.map((f) => f.setNumber)).toEqual(['sw0001', 'sw0009']);
    expect(rejected.map((r) => r.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rejected[0]?.reason).toBe('expected 6 tab-separated columns, found 4');
    expect(rejected[6]?.reason).toBe('duplicate item number SW0001 (first on line 4)');
    expect(rejected[7]?.reason).toMatch(/year "2400"/);
  });

  it('handles Windows line endings and a byte-order mark', () => {
    const { figures, rejected } = parseBrickLinkCatalog(
      `\uFEFF${HEADER.replaceAll('\n', '\r\n')}65\tStar Wars\tsw0001\tBattle Droid\t1999\t2.94\r\n`,
    );
    expect(rejected).toEqual([]);
    expect(figures[0]).toMatchObject({
      setNumber: 'sw0001',
      name: 'Battle Droid',
      metadata: { weight_g: 2.94 },
    });
  });
});
