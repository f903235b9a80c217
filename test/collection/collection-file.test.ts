import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_COLLECTION_BYTES,
  parseCollection,
  toBrickLinkXml,
  toCollectionCsv,
} from '../../src/collection/collection-file.js';
import { UserError } from '../../src/core/errors.js';
import { FIXTURES } from '../support/paths.js';

const WANTED = readFileSync(path.join(FIXTURES, 'collection/bricklink-wanted-list.xml'), 'utf8');

describe('collection files', () => {
  it('reads BrickLink wanted-list XML: minifigures with their lines, -1 as no price, X as used, parts set aside', () => {
    const parsed = parseCollection(WANTED, 'wanted.xml');
    expect(parsed.format).toBe('xml');
    expect(parsed.rows).toEqual([
      { line: 3, itemNo: 'sw0002', quantity: 2, condition: 'used', paid: 45 },
      { line: 14, itemNo: 'sw0004', quantity: 1, condition: 'new', paid: null },
      { line: 32, itemNo: 'sw0001a', quantity: 3, condition: 'used', paid: 3.25 },
      { line: 41, itemNo: 'sw9999', quantity: 1, condition: 'used', paid: null },
    ]);
    expect(parsed.notFigures).toEqual([{ line: 23, itemNo: '3001', type: 'P' }]);
  });

  it('reads BrickLink inventory XML (QTY, PRICE) and CSV with or without a header', () => {
    const inventory = parseCollection(
      '<INVENTORY><ITEM><ITEMTYPE>M</ITEMTYPE><ITEMID>sw0002</ITEMID><QTY>4</QTY><PRICE>9.99</PRICE><CONDITION>N</CONDITION></ITEM></INVENTORY>',
    );
    expect(inventory.rows).toEqual([
      { line: 1, itemNo: 'sw0002', quantity: 4, condition: 'new', paid: 9.99 },
    ]);
    const csv = parseCollection(
      'item_no,quantity,condition,paid\nsw0002,2,used,45\n\ncty0001,,new,\nsw0004\n',
    );
    expect(csv.format).toBe('csv');
    expect(csv.rows).toEqual([
      { line: 2, itemNo: 'sw0002', quantity: 2, condition: 'used', paid: 45 },
      { line: 4, itemNo: 'cty0001', quantity: 1, condition: 'new', paid: null },
      { line: 5, itemNo: 'sw0004', quantity: 1, condition: 'used', paid: null },
    ]);
  });

  it('refuses a malformed file as a whole, saying where', () => {
    const error = (text: string) => {
      try {
        parseCollection(text, 'f');
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(error('<INVENTORY>\n<ITEM>\n<ITEMID>sw0002</ITEMID>\n</INVENTORY>')).toMatch(
      /^f, line \d: not well-formed XML .*Nothing was imported\.$/,
    );
    expect(error('<CATALOG><ITEM/></CATALOG>')).toMatch(/expected BrickLink XML/);
    expect(error('item_no,quantity\nsw0002,two\n')).toBe(
      'f, line 2: quantity "two" is not a whole number from 1 to 10000. Nothing was imported.',
    );
    expect(error('sw0002,1,mint\n')).toBe(
      'f, line 1: condition "mint" is not new or used. Nothing was imported.',
    );
    expect(error('sw 0002\n')).toMatch(/line 1: "sw 0002" is not a BrickLink item number/);
    expect(error('sw0002,1,used,$5\n')).toMatch(/price "\$5" is not an amount/);
    expect(error('   ')).toBe('f is empty; nothing was imported.');
    expect(error(`sw0002\n${'x'.repeat(MAX_COLLECTION_BYTES)}`)).toMatch(/larger than 256 KB/);
  });

  it('writes a wanted list and a CSV that read back as the same rows', () => {
    const items = [
      { itemNo: 'sw0002', quantity: 2, condition: 'used' as const, paid: 45 },
      { itemNo: 'sw0004', quantity: 1, condition: 'new' as const, paid: null },
      { itemNo: 'sw0001a', quantity: 3, condition: 'used' as const, paid: 3.125 },
    ];
    const xml = toBrickLinkXml(items);
    expect(xml).toContain(
      '  <ITEM>\n    <ITEMTYPE>M</ITEMTYPE>\n    <ITEMID>sw0002</ITEMID>\n    <MINQTY>2</MINQTY>\n    <CONDITION>U</CONDITION>\n    <MAXPRICE>45.00</MAXPRICE>\n    <NOTIFY>N</NOTIFY>\n  </ITEM>',
    );
    const strip = (rows: { line: number }[]) => rows.map(({ line: _, ...r }) => r);
    expect(strip(parseCollection(xml).rows)).toEqual(items);
    const csv = toCollectionCsv(items);
    expect(csv).toBe(
      'item_no,quantity,condition,paid\nsw0002,2,used,45.00\nsw0004,1,new,\nsw0001a,3,used,3.125\n',
    );
    expect(strip(parseCollection(csv).rows)).toEqual(items);
  });
});
