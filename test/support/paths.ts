import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared real-data folder beside the repository (read-only in CI). */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
export const CATALOG_FILE = path.join(SHARED_DATA, 'bricklink_Minifigures_2025-10-25.txt');
