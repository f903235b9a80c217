import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureListings } from '../../analytics/headline-engine.js';
import type { CatalogueSet, FigureSets } from '../../deps.js';
import { query } from './analytics-sql.js';
import { type GuideRow, latestGuidesSql, type StoredGuide, toStoredGuide } from './bricklink-guides.js';
import {
  STORED_HEADLINES_SQL,
  type StoredHeadline,
  type StoredHeadlineRow,
  storedHeadlineMap,
} from './headline-history.js';
import { type InputRow, inputSql, toListings } from './headline-prices.js';
import { SETS_OF_FIGURE_SQL, type SetRow, toSet } from './sets.js';

/** What a price card shows of one figure, as stored. */
export interface FigureFacts {
  /** The listings behind its live headline (headline-engine.ts); undefined when it has none. */
  listings: FigureListings | undefined;
  /** Its stored headlines on `historyDays`, keyed "condition:day". */
  history: Map<string, StoredHeadline>;
  /** The sets whose fetched inventory holds it, newest first. */
  sets: CatalogueSet[];
  /** The sets Brickset gave for its related_sets (its retirement's fallback); null when never asked. */
  related: FigureSets['related'];
  /** BrickLink's latest guide per condition and guide type. */
  guides: StoredGuide[];
}

export interface FactsWindow {
  /** Listings of days [fromDay, toDay] (UTC day numbers). */
  fromDay: number;
  toDay: number;
  minConfidence: number;
  /** The days (YYYY-MM-DD) whose stored headlines the changes compare with. */
  historyDays: string[];
}

interface FactsRow {
  listings: InputRow | null;
  history: StoredHeadlineRow[];
  sets: SetRow[];
  related: { number?: unknown; exit_date?: unknown }[] | null;
  guides: GuideRow[];
}

/**
 * A figure's facts in one statement, each part its own query, here as JSON. A statement costs the
 * app the same CPU whatever it reads (the driver, the pool, the socket), more than these small
 * indexed reads cost PostgreSQL, so a figure nobody asked about yet costs one statement instead of
 * five. Its sets come with the exit dates Brickset gave for the sets its metadata names
 * (metadata.brickset.sets, by primary key), the fallback of its retirement.
 */
export async function readFigureFacts(
  em: EntityManager,
  figureId: string,
  window: FactsWindow,
): Promise<FigureFacts> {
  const listings = inputSql(
    {
      fromDay: window.fromDay,
      toDay: window.toDay,
      minConfidence: window.minConfidence,
      figures: [figureId],
      days: { timescale: false },
      withSources: true,
    },
    true,
  );
  const [row] = await query<FactsRow[]>(
    em,
    `select (select row_to_json(l) from (${listings.sql}) l) as listings,
            (select coalesce(json_agg(h), '[]') from (${STORED_HEADLINES_SQL}) h) as history,
            (select coalesce(json_agg(s order by s.year desc nulls last, s."setNo"), '[]')
             from (${SETS_OF_FIGURE_SQL}) s) as sets,
            (select m.metadata->'brickset'->'sets' from minifigures m where m.id = ?) as related,
            (select coalesce(json_agg(g order by g.condition, g.guide_type), '[]')
             from (${latestGuidesSql('minifigureId')}) g) as guides`,
    [...listings.params, figureId, window.historyDays, figureId, figureId, figureId],
  );
  return {
    listings: row?.listings ? toListings(row.listings) : undefined,
    history: storedHeadlineMap(row?.history ?? []),
    sets: (row?.sets ?? []).map(toSet),
    related: toRelated(row?.related),
    guides: (row?.guides ?? []).map(toStoredGuide),
  };
}

/** metadata.brickset.sets as the brickset job writes it (enrichment.ts); anything else is unknown. */
function toRelated(value: FactsRow['related'] | undefined): FigureSets['related'] {
  if (!Array.isArray(value)) return null;
  return value.map((s) => ({
    setNo: String(s?.number ?? ''),
    exitDate: typeof s?.exit_date === 'string' ? s.exit_date : null,
  }));
}
