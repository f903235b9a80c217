import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AlertingStore, WatchImportRow } from '../../src/alerts/store.js';
import { FIXTURES } from './paths.js';

/** The BrickLink wanted list the file-import end-to-end tests send: three figures, at lines 3, 14 and 32. */
export const WANTED_LIST_XML = readFileSync(
  path.join(FIXTURES, 'collection/bricklink-wanted-list.xml'),
  'utf8',
);

/** Only what watch import needs: each import's rows are recorded in `imported`, every one added. */
export function recordingAlerting(imported: WatchImportRow[][]): AlertingStore {
  return {
    watchlistLimit: 200,
    listWatch: async () => [],
    async importWatch(_user, rows) {
      imported.push(rows);
      return { added: rows.map((r) => r.line), updated: [], unchanged: [], overLimit: [] };
    },
  } as Partial<AlertingStore> as AlertingStore;
}
