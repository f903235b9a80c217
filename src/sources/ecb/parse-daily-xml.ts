import { XMLParser } from 'fast-xml-parser';
import { CURRENCY_CODE, ECB_RATE, type EcbDay, EcbFormatError, ISO_DATE } from './types.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // Keep rates as the strings ECB printed: parsing them as numbers would turn 1.0163 into a float.
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => name === 'Cube',
});

interface CubeNode {
  time?: string;
  currency?: string;
  rate?: string;
  Cube?: CubeNode[];
}

/**
 * Parses ECB's eurofxref XML: a gesmes Envelope whose outer Cube holds one `Cube time='YYYY-MM-DD'`
 * per day (one in eurofxref-daily.xml, ninety in the 90-day file), each with `Cube currency rate`
 * children. Days come back newest first, as ECB orders them. Throws EcbFormatError on anything
 * that is not such a document, so a garbage response never reaches the database.
 */
export function parseEcbDailyXml(xml: string): EcbDay[] {
  let doc: { Envelope?: { Cube?: CubeNode[] } };
  try {
    doc = parser.parse(xml, true);
  } catch (err) {
    throw new EcbFormatError(`not well-formed XML: ${(err as Error).message}`);
  }
  const outer = doc?.Envelope?.Cube?.[0];
  if (outer === undefined) throw new EcbFormatError('no gesmes:Envelope with a Cube element');
  // An empty <Cube></Cube> parses as a string, not an element with children.
  const dayCubes = typeof outer === 'object' ? (outer.Cube ?? []) : [];
  const days: EcbDay[] = [];
  for (const dayCube of dayCubes) {
    const date = dayCube.time;
    if (typeof date !== 'string' || !ISO_DATE.test(date)) {
      throw new EcbFormatError(`a day Cube has no valid time attribute (${JSON.stringify(date)})`);
    }
    const rates = new Map<string, string>();
    for (const c of dayCube.Cube ?? []) {
      if (typeof c.currency !== 'string' || !CURRENCY_CODE.test(c.currency)) {
        throw new EcbFormatError(`${date}: bad currency ${JSON.stringify(c.currency)}`);
      }
      if (typeof c.rate !== 'string' || !ECB_RATE.test(c.rate) || Number(c.rate) === 0) {
        throw new EcbFormatError(`${date}: bad rate ${JSON.stringify(c.rate)} for ${c.currency}`);
      }
      rates.set(c.currency, c.rate);
    }
    if (rates.size === 0) throw new EcbFormatError(`${date}: no rates`);
    days.push({ date, rates });
  }
  if (days.length === 0) throw new EcbFormatError('no Cube with a time attribute');
  return days;
}
