/**
 * Wraps a batch matcher (a MatcherPool's or a Matcher's `match`) so that each distinct title is
 * matched once for as long as the wrapper lives: the eBay job makes one per run, whose searches
 * overlap (a listing shows up under "lego" and under its theme; sellers relist the same title).
 * Concurrent calls share a title that is still being matched. The matcher is deterministic, so a
 * remembered result is the one matching again would give.
 */
export interface RememberingMatcher<R> {
  /** One result per title, in order, as the wrapped matcher gives them. */
  match(titles: readonly string[]): Promise<R[]>;
  /** Distinct titles handed to the wrapped matcher so far. */
  titlesMatched(): number;
}

/** One run fetches at most ~42,000 summaries (eBay's hourly share of its quota); a result is ~200 bytes. */
const REMEMBERED = 100_000;

export function rememberMatches<R>(
  match: (titles: readonly string[]) => Promise<R[]>,
  limit = REMEMBERED,
): RememberingMatcher<R> {
  const remembered = new Map<string, Promise<R>>();
  let sent = 0;
  return {
    titlesMatched: () => sent,
    async match(titles) {
      const answers = new Map<string, Promise<R>>();
      const fresh = new Set<string>();
      for (const title of titles) {
        const known = remembered.get(title);
        if (known) answers.set(title, known);
        else fresh.add(title);
      }
      if (fresh.size > 0) {
        const asked = [...fresh];
        sent += asked.length;
        const results = match(asked);
        for (const [j, title] of asked.entries()) {
          const answer = results.then((r) => r[j] as R);
          answers.set(title, answer);
          if (remembered.size < limit) remembered.set(title, answer);
        }
        // A failed batch is forgotten, so that a later call asks again.
        results.catch(() => {
          for (const title of asked)
            if (remembered.get(title) === answers.get(title)) remembered.delete(title);
        });
      }
      return Promise.all(titles.map((t) => answers.get(t) as Promise<R>));
    },
  };
}
