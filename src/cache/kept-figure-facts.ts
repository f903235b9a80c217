import type { EntityManager } from '@mikro-orm/postgresql';
import { factsWindow } from '../analytics/headline.js';
import { type FigureFacts, readFigureFacts } from '../db/repositories/figure-facts.js';
import { type ReadCache, readKey } from './until-changed.js';

/**
 * A dispatch's reads of figure facts (readFigureFacts): `price` asks for a figure's quote, sets
 * and BrickLink guides at once, and all three come from one read, shared within the dispatch and
 * kept until the data changes. The key carries the day, as the quote's window does.
 */
export function figureFacts(
  kept: ReadCache,
  em: EntityManager,
  now: () => Date,
  minConfidence: number,
): (figureId: string) => Promise<FigureFacts> {
  const read = new Map<string, Promise<FigureFacts>>();
  return (figureId) => {
    let facts = read.get(figureId);
    if (!facts) {
      const at = now();
      facts = kept.get(readKey('facts', figureId, at.toISOString().slice(0, 10)), () =>
        readFigureFacts(em, figureId, factsWindow(at, minConfidence)),
      );
      read.set(figureId, facts);
    }
    return facts;
  };
}
