import type { BricksetSet } from '../../../src/sources/brickset/wire.js';
import { FakeServer } from './fake-server.js';

/** Sets as Brickset v3 describes them (fields trimmed to those we read, values from brickset.com). */
export const SETS: BricksetSet[] = [
  {
    setID: 26725,
    number: '75192',
    numberVariant: 1,
    name: 'Millennium Falcon',
    year: 2017,
    theme: 'Star Wars',
    subtheme: 'Ultimate Collector Series',
    minifigs: 8,
    launchDate: '2017-10-01T00:00:00Z',
    exitDate: null,
    LEGOCom: {
      US: { retailPrice: 849.99, dateFirstAvailable: '2017-10-01T00:00:00Z' },
      UK: { retailPrice: 734.99, dateFirstAvailable: '2017-10-01T00:00:00Z' },
      DE: { retailPrice: 849.99, dateFirstAvailable: '2017-10-01T00:00:00Z' },
    },
  },
  {
    setID: 8713,
    number: '10188',
    numberVariant: 1,
    name: 'Death Star',
    year: 2008,
    theme: 'Star Wars',
    minifigs: 24,
    launchDate: '2008-09-01T00:00:00Z',
    exitDate: '2016-12-31T00:00:00Z',
    LEGOCom: { US: { retailPrice: 399.99 } },
  },
  {
    setID: 4519,
    number: '7140',
    numberVariant: 1,
    name: 'X-wing Fighter',
    year: 1999,
    theme: 'Star Wars',
    minifigs: 4,
    LEGOCom: {
      US: { dateFirstAvailable: '1999-01-01T00:00:00Z', dateLastAvailable: '2001-12-31T00:00:00Z' },
    },
  },
];

/** A fake Brickset API v3: getSets by setNumber list, getKeyUsageStats, and in-band errors for a bad key. */
export function fakeBrickset(opts: { apiKey: string; usedToday: number; today: string }): FakeServer {
  return new FakeServer((req) => {
    const ok = (body: object) => ({ status: 200, body: JSON.stringify({ status: 'success', ...body }) });
    if (req.url.searchParams.get('apiKey') !== opts.apiKey) {
      return { status: 200, body: JSON.stringify({ status: 'error', message: 'Invalid API key.' }) };
    }
    if (req.url.pathname.endsWith('/getKeyUsageStats')) {
      return ok({
        matches: 1,
        apiKeyUsage: [{ dateStamp: `${opts.today}T00:00:00Z`, count: opts.usedToday }],
      });
    }
    if (req.url.pathname.endsWith('/getSets')) {
      const params = JSON.parse(req.url.searchParams.get('params') ?? '{}') as { setNumber?: string };
      const wanted = new Set((params.setNumber ?? '').split(','));
      const sets = SETS.filter((s) => wanted.has(`${s.number}-${s.numberVariant}`));
      return ok({ matches: sets.length, sets });
    }
    return { status: 404, body: '{"status":"error","message":"Unknown method"}' };
  });
}
