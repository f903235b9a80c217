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
      { line: 3, itemNo: 'sw0002', quantity: 2, condition: 'used', paid: 45, currency: null },
      { line: 14, itemNo: 'sw0004', quantity: 1, condition: 'new', paid: null, currency: null },
      { line: 32, itemNo: 'sw0001a', quantity: 3, condition: 'used', paid: 3.25, currency: null },
      { line: 41, itemNo: 'sw9999', quantity: 1, condition: 'used', paid: null, currency: null },
    ]);
    expect(parsed.notFigures).toEqual([{ line: 23, itemNo: '3001', type: 'P' }]);
  });

  it('reads BrickLink inventory XML (QTY, PRICE) and CSV with or without a header', () => {
    const inventory = parseCollection(
      '<INVENTORY><ITEM><ITEMTYPE>M</ITEMTYPE><ITEMID>sw0002</ITEMID><QTY>4</QTY><PRICE>9.99</PRICE><CONDITION>N</CONDITION></ITEM></INVENTORY>',
    );
    expect(inventory.rows).toEqual([
      { line: 1, itemNo: 'sw0002', quantity: 4, condition: 'new', paid: 9.99, currency: null },
    ]);
    const csv = parseCollection(
      'item_no,quantity,condition,paid\nsw0002,2,used,45\n\ncty0001,,new,\nsw0004\n',
    );
    expect(csv.format).toBe('csv');
    expect(csv.rows).toEqual([
      { line: 2, itemNo: 'sw0002', quantity: 2, condition: 'used', paid: 45, currency: null },
      { line: 4, itemNo: 'cty0001', quantity: 1, condition: 'new', paid: null, currency: null },
      { line: 5, itemNo: 'sw0004', quantity: 1, condition: 'used', paid: null, currency: null },
    ]);
  });

  it("reads the currency a CSV names, in a column or with the amount; none named is null (the importer's)", () => {
    const csv = parseCollection(
      'item_no,quantity,condition,paid,currency\nsw0002,2,used,45,eur\nsw0004,1,new,€9.50\nsw0010,1,used,12 GBP,GBP\nsw0011,1,used,7\nsw0012,1,used,,EUR\nsw0013,1,used,0\n',
    );
    expect(csv.rows.map((r) => [r.itemNo, r.paid, r.currency])).toEqual([
      ['sw0002', 45, 'EUR'],
      ['sw0004', 9.5, 'EUR'],
      ['sw0010', 12, 'GBP'],
      ['sw0011', 7, null],
      ['sw0012', null, null],
      ['sw0013', 0, null],
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
    expect(error('sw0002,1,used,5 dollars\n')).toMatch(
      /price "5 dollars" is not an amount such as 12\.50, €12\.50/,
    );
    expect(error('sw0002,1,used,5,XYZ\n')).toMatch(
      /line 1: currency "XYZ" is not USD or a currency ECB publishes/,
    );
    expect(error('sw0002,1,used,£5,EUR\n')).toMatch(/price "£5" is in GBP but the currency column says EUR/);
    expect(error('   ')).toBe('f is empty; nothing was imported.');
    expect(error(`sw0002\n${'x'.repeat(MAX_COLLECTION_BYTES)}`)).toMatch(/larger than 256 KB/);
  });

  it('writes a wanted list and a CSV that read back as the same rows', () => {
    const items = [
      { itemNo: 'sw0002', quantity: 2, condition: 'used' as const, paid: 45, currency: 'EUR' },
      { itemNo: 'sw0004', quantity: 1, condition: 'new' as const, paid: null, currency: null },
      { itemNo: 'sw0001a', quantity: 3, condition: 'used' as const, paid: 3.125, currency: 'GBP' },
    ];
    const xml = toBrickLinkXml(items);
    expect(xml).toContain(
      '  <ITEM>\n    <ITEMTYPE>M</ITEMTYPE>\n    <ITEMID>sw0002</ITEMID>\n    <MINQTY>2</MINQTY>\n    <CONDITION>U</CONDITION>\n    <MAXPRICE>45.00</MAXPRICE>\n    <NOTIFY>N</NOTIFY>\n  </ITEM>',
    );
    const strip = (rows: { line: number }[]) => rows.map(({ line: _, ...r }) => r);
    // BrickLink's XML names no currency: its prices are read in the importing user's.
    expect(strip(parseCollection(xml).rows)).toEqual(items.map((i) => ({ ...i, currency: null })));
    const csv = toCollectionCsv(items);
    expect(csv).toBe(
      'item_no,quantity,condition,paid,currency\nsw0002,2,used,45.00,EUR\nsw0004,1,new,,\nsw0001a,3,used,3.125,GBP\n',
    );
    expect(strip(parseCollection(csv).rows)).toEqual(items);
  });
});
