import type { BricksetSet, LegoComRegion } from './wire.js';

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

export function setRetail(s: BricksetSet): SetRetail {
  const lego = s.LEGOCom ?? {};
  return {
    setNo: `${s.number}-${s.numberVariant}`,
    retailUsd: price(lego.US?.retailPrice),
    retailGbp: price(lego.UK?.retailPrice),
    retailEur: price(lego.DE?.retailPrice),
    launchDate: day(s.launchDate) ?? day(lego.US?.dateFirstAvailable),
    exitDate: setExitDate(s),
  };
}

/**
 * The day a set left LEGO's shelves, or null while it is still sold: it has left when it has left
 * every market where it was sold. A market (LEGO.com US, UK or DE) sold it when Brickset has a
 * first or last day on sale there; without a last day it is still on sale there, and the set with
 * it. Otherwise the set left on the latest of those last days and Brickset's own `exitDate`. With
 * no LEGO.com dates at all (older sets), Brickset's `exitDate` alone decides.
 */
export function setExitDate(s: Pick<BricksetSet, 'exitDate' | 'LEGOCom'>): string | null {
  const lego = s.LEGOCom ?? {};
  const markets = [lego.US, lego.UK, lego.DE].filter(
    (r): r is LegoComRegion => day(r?.dateFirstAvailable) !== null || day(r?.dateLastAvailable) !== null,
  );
  const lastDays = markets.map((r) => day(r.dateLastAvailable));
  if (lastDays.some((d) => d === null)) return null;
  const days = [day(s.exitDate), ...lastDays].filter((d): d is string => d !== null).sort();
  return days.at(-1) ?? null;
}

function price(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function day(value: string | null | undefined): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}
