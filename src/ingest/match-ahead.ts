import type { EntityManager } from '@mikro-orm/postgresql';
import { figureIdsByItemNo } from '../db/repositories/figure-ids.js';
import { type Converted, type Resolution, resolveListing } from './resolve-figures.js';
import type { TitleMatch, TitleMatcher } from './types.js';
import type { CheckedListing } from './validate.js';

type FigureId = { id: string };

/**
 * Resolves figures one write chunk at a time, so the pipeline can write a chunk while the matcher
 * works on the next ones (in the pool's worker threads, or between the writes' awaits). Listings
 * with an item number are looked up once for the whole fetch; titles go to the matcher one call per
 * chunk, each distinct title once per fetch however many chunks repeat it. A matcher failure costs
 * the listings of the chunks whose titles it was asked for: they resolve as skipped and are
 * reported through `onMatcherError`, once per chunk.
 */
export class ChunkResolver {
  private readonly matches = new Map<string, Promise<TitleMatch>>();

  private constructor(
    private readonly em: EntityManager,
    private readonly matcher: TitleMatcher | undefined,
    private readonly onMatcherError: (listings: number, error: unknown) => void,
    private readonly figures: Map<string, FigureId>,
  ) {}

  static async create(
    em: EntityManager,
    listings: readonly CheckedListing[],
    matcher: TitleMatcher | undefined,
    onMatcherError: (listings: number, error: unknown) => void,
  ): Promise<ChunkResolver> {
    const itemNos = new Set<string>();
    for (const l of listings) if (l.itemNo) itemNos.add(l.itemNo);
    const figures: Map<string, FigureId> = await figureIdsByItemNo(em, itemNos);
    return new ChunkResolver(em, matcher, onMatcherError, figures);
  }

  /** Asks the matcher for the listings' new titles now; the answers are awaited by `prepare`. */
  request(listings: readonly CheckedListing[]): void {
    if (!this.matcher) return;
    const fresh = [...titlesOf(listings)].filter((t) => !this.matches.has(t));
    if (fresh.length === 0) return;
    const matcher = this.matcher;
    const call = Promise.resolve()
      .then(() => matcher(fresh))
      .then((results) => {
        if (results.length !== fresh.length)
          throw new Error(`the matcher returned ${results.length} results for ${fresh.length} titles`);
        return results;
      });
    for (const [i, title] of fresh.entries()) {
      const match = call.then((results) => results[i] as TitleMatch);
      match.catch(() => {}); // awaited by prepare; a chunk never prepared must not leave it unhandled
      this.matches.set(title, match);
    }
  }

  /** The chunk's matches and figure ids, then the per-listing decision. */
  async prepare(chunk: readonly Converted[]): Promise<(c: Converted) => Resolution> {
    const listings = chunk.map((c) => c.listing);
    this.request(listings);
    const settled = new Map<string, TitleMatch | 'failed'>();
    let failure: unknown;
    if (this.matcher) {
      await Promise.all(
        [...titlesOf(listings)].map(async (title) => {
          try {
            settled.set(title, await (this.matches.get(title) as Promise<TitleMatch>));
          } catch (err) {
            failure ??= err;
            settled.set(title, 'failed');
          }
        }),
      );
    }
    if (failure !== undefined) {
      const lost = chunk.filter((c) => !c.listing.itemNo && settled.get(c.listing.title ?? '') === 'failed');
      this.onMatcherError(lost.length, failure);
    }
    const wanted = new Set<string>();
    for (const m of settled.values())
      if (m !== 'failed' && m.itemNo && !this.figures.has(m.itemNo.toLowerCase())) wanted.add(m.itemNo);
    if (wanted.size > 0)
      for (const [itemNo, fig] of await figureIdsByItemNo(this.em, wanted)) this.figures.set(itemNo, fig);

    const hasMatcher = !!this.matcher;
    return ({ listing }) =>
      resolveListing(
        listing,
        this.figures,
        listing.title ? (settled.get(listing.title) ?? null) : null,
        hasMatcher,
      );
  }
}

/** The distinct titles of the listings that need the matcher. */
function titlesOf(listings: readonly CheckedListing[]): Set<string> {
  const titles = new Set<string>();
  for (const l of listings) if (!l.itemNo && l.title) titles.add(l.title);
  return titles;
}
