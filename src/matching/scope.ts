/**
 * A title's scope: the figures it can mean once it names a collectible series ("Series 9",
 * "71021") or the set a figure came from ("from 75191"). Inside a scope a bare role ("Viking",
 * "Lifeguard") or character name is often one figure where the whole catalogue has dozens.
 */
export interface Scope {
  /**
   * 'series': the title names the series, so nothing outside it is meant. 'set': the figure came
   * from that set. 'collectibles': the title says it is a collectible minifigure ("CMF") without
   * naming the series. Only a series is binding; the others are kept when they explain the title.
   */
  kind: 'series' | 'set' | 'collectibles';
  /** What named it: "series 9", "packet 71021", "set 10221". */
  label: string;
  /** Positions in CatalogueIndex.figures, ascending. */
  figures: readonly number[];
  members: ReadonlySet<number>;
  /**
   * The set's release year, when its figures are only guessed from its theme and years: a figure
   * first released that year is likelier to come from it than one from the year before.
   */
  year?: number;
}

export function makeScope(
  kind: Scope['kind'],
  label: string,
  figures: Iterable<number>,
  year?: number,
): Scope {
  const members = new Set(figures);
  return { kind, label, figures: [...members].sort((a, b) => a - b), members, year };
}
