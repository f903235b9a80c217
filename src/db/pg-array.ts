/**
 * PostgreSQL array literals for `unnest($n::type[])` parameters, built in one pass. node-postgres
 * can serialise JS arrays itself, but its generic per-element path was the largest CPU cost of a
 * bulk ingest (measured: 4 columns of 96k listings took longer than checking and converting them);
 * handing it a ready string skips that. Every element is double-quoted with `"` and `\` escaped,
 * which is valid for any element type (text, numeric, uuid, timestamptz, int); null becomes NULL.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      parts[i] = 'NULL';
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
      parts[i] = String(v);
    } else {
      parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPE, '\\$&')}"` : `"${v}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPE = /["\\]/g;
