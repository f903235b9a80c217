import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonArray, pgArray, pgPlainArray } from '../../src/db/pg-array.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('pgArray', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('round-trips awkward text through PostgreSQL exactly', async () => {
    const values = [
      'plain',
      '',
      'NULL',
      'with "quotes" and \\backslashes\\',
      'comma, {braces} and spaces ',
      ' leading space',
      'ünïcödé ✓ 😀',
      'tab\tnew\nline',
      JSON.stringify({ note: 'quote " backslash \\ end' }),
      null,
    ];
    const { rows } = await client.query<{ v: string | null }>('select unnest($1::text[]) as v', [
      pgArray(values),
    ]);
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it('serves numeric, int, uuid, timestamptz and jsonb columns', async () => {
    const { rows } = await client.query(
      `select n::text, i, u::text, to_json(t) #>> '{}' as t, j
       from unnest($1::numeric[], $2::int[], $3::uuid[], $4::timestamptz[], $5::text[])
         as x(n, i, u, t, jt), lateral (select jt::jsonb as j) y`,
      [
        pgArray(['12.3400', '0.0001']),
        pgArray([1, 42]),
        pgArray(['0bd6b0e4-8a2c-4e0e-9a53-4a0f4d0b2e11', null]),
        pgArray(['2025-05-09T18:00:00.000Z', '1999-01-04T00:00:00.000Z']),
        pgArray(['{"a":"b \\" c"}', '[]']),
      ],
    );
    expect(rows).toEqual([
      {
        n: '12.3400',
        i: 1,
        u: '0bd6b0e4-8a2c-4e0e-9a53-4a0f4d0b2e11',
        t: '2025-05-09T18:00:00+00:00',
        j: { a: 'b " c' },
      },
      { n: '0.0001', i: 42, u: null, t: '1999-01-04T00:00:00+00:00', j: [] },
    ]);
  });

  it('writes plain values bare and still quotes anything that is not plain', async () => {
    const values = [
      '12.3400',
      '2025-05-09T18:00:00.000Z',
      'sold',
      'NULL',
      'null',
      'a,b',
      'two words',
      '',
      'x"y',
      null,
    ];
    const literal = pgPlainArray(values);
    expect(literal.startsWith('{12.3400,2025-05-09T18:00:00.000Z,sold,"NULL","null","a,b"')).toBe(true);
    const { rows } = await client.query<{ v: string | null }>('select unnest($1::text[]) as v', [literal]);
    expect(rows.map((r) => r.v)).toEqual(values);
    const ints = await client.query<{ v: number }>('select unnest($1::int[]) as v', [
      pgPlainArray([1, 2, 300]),
    ]);
    expect(ints.rows.map((r) => r.v)).toEqual([1, 2, 300]);
  });

  it('sends JSON documents as one JSON array, in order', async () => {
    const docs = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ i, s: `"q" \\ ${'x'.repeat(i % 7)}` }),
    );
    const { rows } = await client.query<{ d: unknown }>(
      'select unnest(array(select e from jsonb_array_elements($1::jsonb) with ordinality as j(e, n) order by n)) as d',
      [jsonArray(docs)],
    );
    expect(rows.map((r) => r.d)).toEqual(docs.map((d) => JSON.parse(d)));
  });

  it('refuses numbers that are not finite', () => {
    expect(() => pgArray([Number.NaN])).toThrow(RangeError);
  });
});
