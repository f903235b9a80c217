import type { EntityManager } from '@mikro-orm/postgresql';
import { figureIdsByItemNo } from '../db/repositories/figure-ids.js';
import { type Converted, type Resolution, resolveListing } from './resolve-figures.js';
import type { TitleMatch, TitleMatcher } from './types.js';

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
    converted: readonly Converted[],
    matcher: TitleMatcher | undefined,
    onMatcherError: (listings: number, error: unknown) => void,
  ): Promise<ChunkResolver> {
    const itemNos = new Set<string>();
    for (const c of converted) if (c.listing.itemNo) itemNos.add(c.listing.itemNo);
    const figures: Map<string, FigureId> = await figureIdsByItemNo(em, itemNos);
    return new ChunkResolver(em, matcher, onMatcherError, figures);
  }

  /** Asks the matcher for the chunk's new titles now; the answer is awaited by `prepare`. */
  request(chunk: readonly Converted[]): void {
    if (!this.matcher) return;
    const fresh = [...titlesOf(chunk)].filter((t) => !this.matches.has(t));
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
    this.request(chunk);
    const settled = new Map<string, TitleMatch | 'failed'>();
    let failure: unknown;
    if (this.matcher) {
      await Promise.all(
        [...titlesOf(chunk)].map(async (title) => {
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
function titlesOf(chunk: readonly Converted[]): Set<string> {
  const titles = new Set<string>();
  for (const c of chunk) if (!c.listing.itemNo && c.listing.title) titles.add(c.listing.title);
  return titles;
}
