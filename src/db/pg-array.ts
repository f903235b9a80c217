/**
 * PostgreSQL array literals for `unnest($n::type[])` parameters, built in one pass. node-postgres
 * can serialise JS arrays itself, but its generic per-element path costs more than checking and
 * converting the listings themselves; handing it a ready string skips that.
 */

/** Elements that need no quoting in an array literal: numbers, decimals, uuids, ISO timestamps, codes. */
const PLAIN = /^[0-9A-Za-z.:+-]+$/;
const NEEDS_ESCAPE = /["\\]/;
const ESCAPE = /["\\]/g;

/**
 * Any values: each element double-quoted with `"` and `\` escaped, which is valid for every element
 * type (text, numeric, uuid, timestamptz, int); null becomes NULL.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = quoted(values[i]);
  return `{${parts.join(',')}}`;
}

/**
 * Values that are nearly always plain (numbers, decimals, uuids, timestamps, enum words): written
 * bare, which saves quoting a million small strings in a bulk write; any other element (a comma,
 * a space, the word NULL) is quoted as in pgArray, so the literal is right whatever it holds.
 */
export function pgPlainArray(values: readonly (string | number | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += typeof v === 'string' && PLAIN.test(v) && v.toUpperCase() !== 'NULL' ? v : quoted(v);
  }
  return `${out}}`;
}

/**
 * A JSON array text of JSON documents, for
 * `array(select e from jsonb_array_elements($n::jsonb) with ordinality as j(e, n) order by n)`: the
 * server parses it in one go, and the documents need no array-literal escaping at all.
 * Each element must already be valid JSON text (as JSON.stringify makes it).
 */
export function jsonArray(documents: readonly string[]): string {
  return `[${documents.join(',')}]`;
}

function quoted(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
    return String(v);
  }
  return NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPE, '\\$&')}"` : `"${v}"`;
}
