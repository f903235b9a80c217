import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserError } from '../core/errors.js';
import type { UpsertCounts } from '../db/repositories/catalogue-upsert.js';
import { upsertMinifigures, vacuumAnalyzeMinifigures } from '../db/repositories/minifigures.js';
import { upsertSets } from '../db/repositories/sets-catalog.js';
import type { RejectedRow } from './catalog-rows.js';
import { parseBrickLinkCatalog } from './parse-bricklink-catalog.js';
import { looksLikeSetsFile, parseBrickLinkSets } from './parse-bricklink-sets.js';

export interface ImportSummary extends UpsertCounts {
  /** Which download the file was: BrickLink's minifigures or its sets. */
  kind: 'figures' | 'sets';
  total: number;
  rejected: RejectedRow[];
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Imports a BrickLink catalogue download, minifigures or sets (told apart by the header). Bad rows
 * are collected with their line numbers and skipped; good rows are upserted by item number in
 * batches, each batch in its own transaction, so an interrupted import keeps what it wrote and a
 * rerun completes it.
 */
export async function importCatalogFile(
  em: EntityManager,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code}`);
  });
  if (looksLikeSetsFile(text)) {
    const { sets, rejected } = parseBrickLinkSets(text);
    if (sets.length === 0) throw new UserError(`${file} holds no set rows.`);
    const counts = await inBatches(em, sets, (tx, batch) => upsertSets(tx, batch), opts);
    return { kind: 'sets', ...counts, total: sets.length, rejected };
  }
  const { figures, rejected } = parseBrickLinkCatalog(text);
  if (figures.length === 0) {
    throw new UserError(
      `${file} holds no minifigure rows. Expected BrickLink's tab-separated catalogue download ` +
        '(Category ID, Category Name, Number, Name, Year Released, Weight), for minifigures or for sets.',
    );
  }
  const counts = await inBatches(em, figures, (tx, batch) => upsertMinifigures(tx, batch), opts);
  if (counts.inserted + counts.updated > 0) await vacuumAnalyzeMinifigures(em);
  return { kind: 'figures', ...counts, total: figures.length, rejected };
}

async function inBatches<T>(
  em: EntityManager,
  rows: T[],
  write: (tx: EntityManager, batch: T[]) => Promise<UpsertCounts>,
  opts: ImportOptions,
): Promise<UpsertCounts> {
  const batchSize = opts.batchSize ?? 1000;
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  opts.onProgress?.(0, rows.length);
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const result = await em.transactional((tx) => write(tx, batch));
    counts.inserted += result.inserted;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    opts.onProgress?.(Math.min(start + batchSize, rows.length), rows.length);
  }
  return counts;
}

export function formatImportSummary(file: string, s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  for (const r of s.rejected.slice(0, 50)) lines.push(`  line ${r.line}: ${r.reason}`);
  if (s.rejected.length > 50) lines.push(`  ... and ${n(s.rejected.length - 50)} more rejected rows`);
  if (s.rejected.length > 0) lines.unshift(`Rejected rows in ${file}:`);
  lines.push(
    `${s.kind === 'sets' ? 'Sets' : 'Catalogue'} import: ${n(s.inserted)} inserted, ${n(s.updated)} updated, ` +
      `${n(s.unchanged)} unchanged, ${n(s.rejected.length)} rejected.`,
  );
  if (s.inserted === 0 && s.updated === 0) {
    lines.push(`Nothing changed: all ${n(s.total)} ${s.kind} were already up to date.`);
  }
  return lines.join('\n');
}
