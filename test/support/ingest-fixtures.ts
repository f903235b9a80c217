import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseBrickLinkCatalog } from '../../src/catalog/parse-bricklink-catalog.js';
import { parseBrickLinkSets } from '../../src/catalog/parse-bricklink-sets.js';
import { upsertMinifigures } from '../../src/db/repositories/minifigures.js';
import { upsertSets } from '../../src/db/repositories/sets-catalog.js';
import { parseEcbHistoryCsv } from '../../src/sources/ecb/parse-history-csv.js';
import { storeEcbDays } from '../../src/sources/ecb/store-rates.js';
import { ECB_HISTORY_CSV } from './ecb-files.js';
import { CATALOG_FILE, SETS_FILE } from './paths.js';

/** Loads the given figures from the real BrickLink catalogue (not all 18k: faster, same rows). */
export async function seedFigures(em: EntityManager, itemNos: string[]): Promise<Map<string, string>> {
  const { figures } = parseBrickLinkCatalog(readFileSync(CATALOG_FILE, 'utf8'));
  const wanted = new Set(itemNos);
  await upsertMinifigures(
    em,
    figures.filter((f) => wanted.has(f.setNumber)),
  );
  const rows = await em
    .getConnection()
    .execute<{ id: string; set_number: string }[]>('select id, set_number from minifigures');
  return new Map(rows.map((r) => [r.set_number, r.id]));
}

/** Loads the given sets ("75192-1") from the real BrickLink sets download. */
export async function seedSets(em: EntityManager, setNos: string[]): Promise<void> {
  const wanted = new Set(setNos);
  const { sets } = parseBrickLinkSets(readFileSync(SETS_FILE, 'utf8'));
  await upsertSets(
    em,
    sets.filter((s) => wanted.has(s.setNo)),
  );
}

/** Stores the real ECB rates from `since` (YYYY-MM-DD) to the end of the history file (2025-05-09). */
export async function seedRates(em: EntityManager, since: string): Promise<void> {
  const { days } = parseEcbHistoryCsv(readFileSync(ECB_HISTORY_CSV, 'utf8'));
  await storeEcbDays(
    em,
    days.filter((d) => d.date >= since),
  );
}

export async function count(em: EntityManager, sql: string): Promise<number> {
  const [row] = await em.getConnection().execute<{ n: string }[]>(sql);
  return Number(row?.n);
}
