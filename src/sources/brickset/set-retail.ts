import type { BricksetSet } from './wire.js';

/** What Brickset tells about a catalogue set: LEGO's retail prices and when it was on the shelves. */
export interface SetRetail {
  setNo: string;
  retailUsd: number | null;
  retailGbp: number | null;
  retailEur: number | null;
  launchDate: string | null;
  /** When the set left LEGO's shelves; null while it is still sold. */
  exitDate: string | null;
}

/**
 * Brickset's `exitDate`, else the last day LEGO.com US, UK or DE sold the set (the latest of them):
 * a set with neither is still on sale.
 */
export function setRetail(s: BricksetSet): SetRetail {
  const lego = s.LEGOCom ?? {};
  const lastDays = [lego.US, lego.UK, lego.DE]
    .map((r) => day(r?.dateLastAvailable))
    .filter((d): d is string => d !== null)
    .sort();
  return {
    setNo: `${s.number}-${s.numberVariant}`,
    retailUsd: price(lego.US?.retailPrice),
    retailGbp: price(lego.UK?.retailPrice),
    retailEur: price(lego.DE?.retailPrice),
    launchDate: day(s.launchDate) ?? day(lego.US?.dateFirstAvailable),
    exitDate: day(s.exitDate) ?? lastDays.at(-1) ?? null,
  };
}

function price(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function day(value: string | null | undefined): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}
