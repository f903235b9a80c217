import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE_DATA } from '../../src/reference-data/index.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
/** BrickLink's full minifigure catalogue download, shipped in the repository. */
export const CATALOG_FILE = REFERENCE_DATA.minifigures;
export const SETS_FILE = REFERENCE_DATA.sets;
