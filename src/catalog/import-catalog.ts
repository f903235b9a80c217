import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserError } from '../core/errors.js';
import {
  type UpsertCounts,
  upsertMinifigures,
  vacuumAnalyzeMinifigures,
} from '../db/repositories/minifigures.js';
import { parseBrickLinkCatalog, type RejectedRow } from './parse-bricklink-catalog.js';

export interface ImportSummary extends UpsertCounts {
  total: number;
  rejected: RejectedRow[];
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Imports a BrickLink minifigure catalogue download. Bad rows are collected with their line
 * numbers and skipped; good rows are upserted by item number in batches, each batch in its own
 * transaction, so an interrupted import keeps what it wrote and a rerun completes it.
 */
export async function importCatalogFile(
  em: EntityManager,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code}`);
  });
  const { figures, rejected } = parseBrickLinkCatalog(text);
  if (figures.length === 0) {
    throw new UserError(
      `${file} holds no minifigure rows. Expected BrickLink's tab-separated catalogue download ` +
        '(Category ID, Category Name, Number, Name, Year Released, Weight).',
    );
  }

  const batchSize = opts.batchSize ?? 1000;
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  opts.onProgress?.(0, figures.length);
  for (let start = 0; start < figures.length; start += batchSize) {
    const batch = figures.slice(start, start + batchSize);
    const result = await em.transactional((tx) => upsertMinifigures(tx, batch));
    counts.inserted += result.inserted;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    opts.onProgress?.(Math.min(start + batchSize, figures.length), figures.length);
  }
  if (counts.inserted + counts.updated > 0) await vacuumAnalyzeMinifigures(em);
  return { ...counts, total: figures.length, rejected };
}

export function formatImportSummary(file: string, s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  for (const r of s.rejected.slice(0, 50)) lines.push(`  line ${r.line}: ${r.reason}`);
  if (s.rejected.length > 50) lines.push(`  ... and ${n(s.rejected.length - 50)} more rejected rows`);
  if (s.rejected.length > 0) lines.unshift(`Rejected rows in ${file}:`);
  lines.push(
    `Catalogue import: ${n(s.inserted)} inserted, ${n(s.updated)} updated, ` +
      `${n(s.unchanged)} unchanged, ${n(s.rejected.length)} rejected.`,
  );
  if (s.inserted === 0 && s.updated === 0) {
    lines.push(`Nothing changed: all ${n(s.total)} figures were already up to date.`);
  }
  return lines.join('\n');
}
