import { UserError } from '../core/errors.js';
import { catalogueLabel } from '../core/text.js';
import type { CatalogueSet, Deps, SetStore } from '../deps.js';

/** The sets services, or a clear refusal where this deployment has none. */
export function setsOf(deps: Deps): SetStore {
  if (!deps.sets) throw new UserError('Set lookups are not available here.');
  return deps.sets;
}

/** Longest set text accepted: numbers are short, the longest set name is under 100 characters. */
export const MAX_SET_INPUT = 100;

/**
 * The one set a user means: by number ("75192", "75192-1"), else by name when exactly one set has
 * it. An unknown number or an ambiguous name is a UserError that says what to type.
 */
export async function resolveSet(store: SetStore, text: string): Promise<CatalogueSet> {
  const t = text.trim();
  if (t === '') throw new UserError('Which set? Give its number, e.g. set 75192.');
  const found = await store.find(t, 6);
  const looksLikeNumber = /^\d+(-\d+)?$/.test(t);
  const [first] = found;
  if (!first) {
    throw new UserError(
      looksLikeNumber
        ? `No set ${t} in the catalogue. Check the number on the box (e.g. 75192), or search by name.`
        : `No set named "${t}" in the catalogue. Try its number (e.g. 75192).`,
    );
  }
  // A number names its first variant; a name must name one set.
  if (looksLikeNumber || found.length === 1 || first.name.toLowerCase() === t.toLowerCase()) return first;
  const list = found
    .slice(0, 5)
    .map((s) => `${s.setNo} ${s.name}${s.year === null ? '' : ` (${s.year})`}`)
    .join('; ');
  throw new UserError(`Several sets match "${t}": ${list}. Give the number, e.g. set ${first.number}.`);
}

/** Retired: it left LEGO's shelves on or before `today` (YYYY-MM-DD). */
export function isRetired(set: Pick<CatalogueSet, 'exitDate'>, today: string): boolean {
  return set.exitDate !== null && set.exitDate <= today;
}

/** "Retired 2019-12-31", "On sale", or "Retirement unknown" when Brickset has not been asked yet. */
export function retirementText(set: CatalogueSet, today: string): string {
  if (isRetired(set, today)) return `Retired ${set.exitDate}`;
  if (set.bricksetFetchedAt === null) return 'Retirement unknown';
  return set.exitDate === null ? 'On sale' : `On sale until ${set.exitDate}`;
}

/** "75192-1 · Millennium Falcon - UCS {2nd edition} (2017)", at most 100 characters (Discord's choice limit). */
export function setLabel(s: Pick<CatalogueSet, 'setNo' | 'name' | 'year'>, max?: number): string {
  return catalogueLabel({ number: s.setNo, name: s.name, year: s.year }, max);
}

export function setImageUrl(setNo: string): string {
  return `https://img.bricklink.com/ItemImage/SN/0/${encodeURIComponent(setNo)}.png`;
}

export function setCatalogUrl(setNo: string): string {
  return `https://www.bricklink.com/v2/catalog/catalogitem.page?S=${encodeURIComponent(setNo)}`;
}
