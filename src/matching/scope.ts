/**
 * A title's scope: the figures it can mean once it names a collectible series ("Series 9",
 * "71021") or the set a figure came from ("from 75191"). Inside a scope a bare role ("Viking",
 * "Lifeguard") or character name is often one figure where the whole catalogue has dozens.
 */
export interface Scope {
  /** 'series': the title names the series, so nothing outside it is meant. 'set': the figure came from that set. */
  kind: 'series' | 'set';
  /** What named it: "series 9", "packet 71021", "set 10221". */
  label: string;
  /** Positions in CatalogueIndex.figures, ascending. */
  figures: readonly number[];
  members: ReadonlySet<number>;
}

export function makeScope(kind: Scope['kind'], label: string, figures: Iterable<number>): Scope {
  const members = new Set(figures);
  return { kind, label, figures: [...members].sort((a, b) => a - b), members };
}
