/**
 * User text → one catalogue figure, or a UserError that says why not. Never a silent guess: only an
 * item number, an exact name, or a name whose words match exactly one figure resolve; anything
 * ambiguous or unknown gets a "did you mean" list.
 */
import type { FigureStore } from '../deps.js';
import { type Choice, MAX_CHOICES, MAX_FIGURE_INPUT } from './command.js';
import { UserError } from './errors.js';
import { type FigureRef, figureLabel } from './figure.js';
import { truncate } from './text.js';

/** Suggestions listed in an error. */
export const MAX_SUGGESTIONS = 10;

/** A figure option could not be resolved; `suggestions` may be offered as buttons. */
export class FigureLookupError extends UserError {
  override name = 'FigureLookupError';
  constructor(
    message: string,
    readonly suggestions: FigureRef[],
  ) {
    super(message);
  }
}

/**
 * Item numbers the text may stand for, most literal first: "SW0001A" → sw0001a; the old 3-digit
 * forms that BrickLink renumbered to 4 digits ("sw001a" → sw0001a, also cty, njo, sh, frnd); the
 * spaced forms of listing titles ("SW 0580" → sw0580). Empty when the text cannot be an item number.
 */
export function itemNumberCandidates(text: string): string[] {
  const compact = text.trim().toLowerCase();
  const joined = /^[a-z]{1,10}\s+\d{1,5}[a-z]?$/.test(compact) ? compact.replace(/\s+/, '') : compact;
  if (!/^[a-z0-9][a-z0-9-]{0,24}$/.test(joined)) return [];
  const out = [joined];
  const m = /^([a-z]+)(\d{1,3})([a-z]*)$/.exec(joined);
  if (m) out.push(`${m[1]}${(m[2] as string).padStart(4, '0')}${m[3]}`);
  return out;
}

export async function resolveFigure(store: FigureStore, input: string): Promise<FigureRef> {
  const text = input.trim();
  if (text === '') throw new UserError('Which figure? Give an item number such as sw0002, or a name.');
  if (text.length > MAX_FIGURE_INPUT) {
    throw new UserError(
      `That figure is ${text.length} characters long; item numbers and names have at most ${MAX_FIGURE_INPUT}.`,
    );
  }

  const candidates = itemNumberCandidates(text);
  if (candidates.length > 0) {
    const found = await store.byItemNumbers(candidates);
    // The literal reading wins over the renumbered one.
    for (const c of candidates) {
      const hit = found.find((f) => f.itemNo.toLowerCase() === c);
      if (hit) return hit;
    }
  }

  const byName = await store.searchNames(text, {}, MAX_SUGGESTIONS + 1);
  const exact = byName.filter((f) => f.name.toLowerCase() === text.toLowerCase());
  if (exact.length === 1) return exact[0] as FigureRef;
  if (byName.length === 1) return byName[0] as FigureRef;
  const shown = quoteInput(text);
  if (byName.length > 1) {
    const list = byName.slice(0, MAX_SUGGESTIONS);
    const count = byName.length > MAX_SUGGESTIONS ? `more than ${MAX_SUGGESTIONS}` : String(byName.length);
    throw new FigureLookupError(
      `${shown} matches ${count} figures. Did you mean:\n${bullets(list)}\n` +
        'Give the item number, or more of the name.',
      list,
    );
  }

  const suggestions = await suggest(store, text);
  if (suggestions.length === 0) {
    throw new FigureLookupError(
      `No figure matches ${shown}. Try search with part of the name, or an item number such as sw0002.`,
      [],
    );
  }
  throw new FigureLookupError(
    `No figure matches ${shown}. Did you mean:\n${bullets(suggestions)}`,
    suggestions,
  );
}

/** Close misses: misspelt names, or for an unknown item number, its nearest existing prefixes. */
async function suggest(store: FigureStore, text: string): Promise<FigureRef[]> {
  const fuzzy = await store.fuzzyNames(text, {}, MAX_SUGGESTIONS);
  if (fuzzy.length > 0) return fuzzy;
  if (itemNumberCandidates(text).length === 0) return [];
  for (let cut = 1; cut <= 2 && text.length - cut >= 2; cut++) {
    const near = await store.autocomplete(text.slice(0, -cut), 5);
    if (near.length > 0) return near;
  }
  return [];
}

/** Up to 25 choices for what the user has typed so far, labelled "sw0002 · Boba Fett - Classic Grays (2000)". */
export async function autocompleteFigures(store: FigureStore, partial: string): Promise<Choice[]> {
  const text = partial.trim().slice(0, MAX_FIGURE_INPUT);
  if (text === '') return [];
  const figures = await store.autocomplete(text, MAX_CHOICES);
  return figures.slice(0, MAX_CHOICES).map((f) => ({ name: figureLabel(f), value: f.itemNo }));
}

function bullets(figures: FigureRef[]): string {
  return figures.map((f) => `• ${figureLabel(f)}`).join('\n');
}

function quoteInput(text: string): string {
  return `"${truncate(text, 60)}"`;
}
