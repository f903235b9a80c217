import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import type { Logger } from 'pino';
import { importCatalogFile } from '../catalog/import-catalog.js';
import { readAppState, writeAppState } from '../db/repositories/app-state.js';
import {
  catalogueAndListingCounts,
  type DemoLevel,
  insertDemoListings,
  retireDemoListings,
} from '../db/repositories/demo-data.js';
import { REFERENCE_DATA } from '../reference-data/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** 932 figures from BrickLink's catalogue download: those with a real USD price guide below. */
export const SAMPLE_CATALOG = path.join(HERE, 'sample-catalog.txt');
/** Real BrickLink price-guide summaries (USD, new/used) cached in April 2026; see src/demo/README.md. */
const PRICE_LEVELS = path.join(HERE, 'demo-price-levels.csv');

export const DEMO_DAYS = 90;

export interface DemoLoadResult {
  catalogImported: number;
  /** BrickLink's set catalogue, imported when there were no sets, so `set 75192` finds its set. */
  setsImported: number;
  listingsInserted: number;
}

export type DemoProgress = (step: 'catalogue' | 'listings', text: string) => void;

/**
 * The demo: when the catalogue is empty it imports the bundled sample, and the bundled set catalogue
 * when there are no sets (their inventories come from BrickLink); when there are no listings
 * at all it writes 90 days of listings around real BrickLink price levels (see
 * insertDemoListings) and marks the database as holding demo data. It never touches a database
 * that already holds listings.
 */
export async function loadDemoData(
  em: EntityManager,
  now: Date,
  progress: DemoProgress = () => {},
): Promise<DemoLoadResult> {
  const counts = await catalogueAndListingCounts(em);
  let catalogImported = 0;
  if (counts.figures === 0) {
    progress('catalogue', 'Importing the sample catalogue (932 figures)');
    catalogImported = (await importCatalogFile(em, SAMPLE_CATALOG)).inserted;
  }
  let setsImported = 0;
  if (counts.sets === 0) {
    progress('catalogue', "Importing BrickLink's set catalogue");
    setsImported = (await importCatalogFile(em, REFERENCE_DATA.sets)).inserted;
  }
  if (counts.listings > 0) return { catalogImported, setsImported, listingsInserted: 0 };

  progress('listings', `Loading ${DEMO_DAYS} days of demo prices`);
  const rows = parse(await readFile(PRICE_LEVELS, 'utf8'), { columns: true }) as Record<string, string>[];
  const levels: DemoLevel[] = rows.map((l) => ({
    item_no: l.item_no as string,
    condition: l.condition as string,
    sold: Number(l.sold_6mo_qty_avg) || Number(l.stock_qty_avg),
    stock: Number(l.stock_qty_avg) || Number(l.sold_6mo_qty_avg),
    stock_min: Number(l.stock_min) || 0,
  }));
  const listingsInserted = await insertDemoListings(em, levels, now, DEMO_DAYS);
  await writeAppState(em, 'demo', { loadedAt: now.toISOString(), listings: listingsInserted });
  return { catalogImported, setsImported, listingsInserted };
}

/** True while the bundled demo prices are in the database: replies then say DEMO DATA. */
export async function hasDemoData(em: EntityManager): Promise<boolean> {
  return (await readAppState(em, 'demo')) !== null;
}

/**
 * Takes the demo out (see retireDemoListings): when the first real prices are about to be written,
 * or on `minifig demo remove`. Returns the listings retired; 0 when there was no demo.
 */
export async function retireDemoData(em: EntityManager, now: Date, log?: Logger): Promise<number> {
  const retired = await retireDemoListings(em, now);
  if (retired === null) return 0;
  log?.info(
    { listings: retired },
    'demo data retired: its listings are marked superseded, its snapshots and headlines cleared',
  );
  return retired;
}

/** Retires the demo if it is loaded; a cheap key lookup otherwise, so ingestion can call it freely. */
export async function retireDemoBeforeRealPrices(em: EntityManager, now: Date, log: Logger): Promise<void> {
  if (await hasDemoData(em)) await retireDemoData(em, now, log);
}
