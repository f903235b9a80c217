import { FROM_WORDS, SET_WORDS } from './lexicon.js';
import { stem, words } from './text.js';

/**
 * Why a title is not one minifigure. Titles that name several figures without saying so are
 * caught later, by the scorer, from the words no single figure explains.
 */
export type SignalKind =
  | 'lot'
  | 'several'
  | 'keychain'
  | 'magnet'
  | 'set'
  | 'part'
  | 'custom'
  | 'not-a-figure';

export interface Signal {
  kind: SignalKind;
  /**
   * The stemmed words that raised it. When every one of them is in the matched figure's own name
   * ("Custom Car Garage Driver", "Center Part Hair"), the signal is void. Empty: never void.
   */
  keywords: string[];
}

interface Rule {
  kind: SignalKind;
  pattern: RegExp;
  /** Counts and set listings are never explained away by a figure's name. */
  voidable: boolean;
}

const FIGURE_PLURALS =
  'minifigs|minifigures|minifiguren|minifiguras|minifigurki|minifigurek|figures|figs|figuren|figurines|' +
  'figuras|figurki|figurek|poppetjes|ludzikow|ludziki|personaggi|omini|stuck|stuks|stk|pcs|pieces|pezzi|piezas|szt|' +
  'sztuk|sztuki|st|stycken|figurer|minifigurer|gubbar|unidades|unita|pecas|bonecos|munecos|poppetjes';
const BODY_PARTS =
  'torso|torse|oberkorper|tors|tulow|busto|tronco|overkropp|head|kopf|tete|cabeza|testa|hoofd|glowa|cabeca|huvud|' +
  'huvudet|legs?|beine|jambes|piernas|gambe|benen|nogi|pernas|ben|hips|helmet|helm|casque|casco|elmo|capacete|' +
  'kask|hjalm|hair|hairpiece|haar|haare|cheveux|pelo|capelli|cabelo|wlosy|har|cape|umhang|capa|mantello|peleryna|' +
  'arms?|hands?|body|visor|hat|headgear|' +
  // What a figure holds or stands on, sold without it.
  'weapons?|lightsabers?|blasters?|bowcaster|sword|shield|accessor(y|ies)|zubehor|accessoires?|accesorios|accessori|' +
  'akcesoria|acessorios|tillbehor|toebehoren|stand|backpack|jet\\s?pack|minifig\\s?stand';
/**
 * "only" in the languages of the lexicon, after or before the part: "head only", "nur Kopf", "solo
 * cabeza" (but "Han Solo helmet" is a figure).
 */
const ONLY =
  'only|alone|just|seul|seule|seulement|uniquement|nur|allein|alleen|enkel|tylko|jedynie|solamente|solo|soltanto|' +
  'unicamente|apenas|somente|so|endast|bara|enbart';

/**
 * Folded text in, so accents are gone ("Schlüsselanhänger" is "schlusselanhanger") and case does
 * not matter. "magnet" may end a compound ("Kuhlschrankmagnet") but "Magneto" is not a magnet.
 */
const RULES: Rule[] = [
  {
    kind: 'lot',
    pattern:
      /\b(job\s?lot|joblot|lots?|bundles?|bulk|konvolut|sammlung|lotes?|lotto|partij|zestaw|kolekcja|verzameling|mixed|assorted|grab\s?bag|paquete|pakket|pakiet|partia|blandade|blandat|gemischt|mixte|misti|mistos|pacote)\b/g,
    voidable: true,
  },
  {
    kind: 'several',
    pattern: new RegExp(
      `(?<!serie\\s|series\\s|reeks\\s|seria\\s)\\b([2-9]|[1-9]\\d{1,2})\\s+(lego\\s+)?(${FIGURE_PLURALS})\\b`,
      'g',
    ),
    voidable: false,
  },
  { kind: 'several', pattern: /\b(x([2-9]|[1-9]\d{1,2})|([2-9]|[1-9]\d{1,2})x)\b/g, voidable: false },
  { kind: 'several', pattern: /\b(set|pack|lot|bundle|group|box) of ([2-9]|\d{2,})\b/g, voidable: false },
  {
    // A whole collectible series: "complete series", "komplette Serie", "all 16 figures".
    kind: 'several',
    pattern:
      /\b((complete|full|whole|komplette|kompletter|vollstandige|complete|completa|completo|compleet|kompletna|hela) (series|serie|seria|reeks|collection|sammlung|coleccion|collezione|collectie)|serie (complete|completa|compl[eè]te|komplett)|all ([2-9]|1\d|2\d) (figures|figs|minifigures|minifigs)?|lot complet|(coleccion|collezione|collection|colecao|kolekcja|collectie|samling|sammlung) (completa|complete|complet|komplett|kompletna|compleet|komplette)|(box|display|boite|caja|scatola|doos|karton|pudelko|doos) (of |de |di |van |med |mit |z )?\d{2})\b/g,
    voidable: false,
  },
  {
    kind: 'keychain',
    pattern:
      /\b(key\s?chains?|keychains?|key\s?rings?|keyrings?|schlusselanhanger|anhanger|porte[\s-]?cles?|llaveros?|portachiavi|sleutelhangers?|breloc?z?e?k?i?|nyckelringa?r?|chaveiros?|portachiavi)\b/g,
    voidable: true,
  },
  {
    kind: 'magnet',
    pattern:
      /magnet(s|e|en|er)?\b|\b(magneet|magneten|magnes|magnesy|aimants?|iman|imanes|calamit[ae]|ima|imas)\b/g,
    voidable: true,
  },
  {
    kind: 'part',
    pattern: new RegExp(
      `\\b(${BODY_PARTS})\\s+(${ONLY})\\b|` +
        `\\b(?<!han\\s)(${ONLY})\\s+(the\\s+|der\\s+|den\\s+|le\\s+|la\\s+|el\\s+)?(${BODY_PARTS})\\b|` +
        `\\b(minifig(ure)?s?|figur|figure)\\s+(${BODY_PARTS}|part)s?\\b|` +
        '\\b(replacement|spare|ersatz|ersatzteile?|repuestos?|ricambio|ricambi|parts?|hair\\s?piece|reservdel(ar)?|' +
        'onderde(e)?l(en)?|pieces? detachees?|czesci? zamienn[ea]|pecas? de reposicao|' +
        // A hairpiece sold on its own, in the languages of the lexicon.
        'wig|peruca|perruque|parrucca|perucke|peruka|pruik|peruk|peluca)\\b|' +
        // BrickLink part numbers: torso 973, legs 970, head 3626 with a print or colour suffix.
        '\\b(973|970|971|972|3626[abc]?|76382|88585|16360)(c|pb|bpb|px|ps)\\w*\\b',
      'g',
    ),
    voidable: true,
  },
  {
    kind: 'custom',
    pattern:
      /\b(custom(s|ized|ised)?|moc|mocs|compatible|compatibles|kompatibel|compatibile|compatibel|kompatybiln\w*|knock\s?offs?|bootlegs?|replicas?|fakes?|imitation|nachbau|klemmbaustein\w*|building\s?blocks?|uv\s?printed|3rd\s?party|third\s?party|unofficial|inoffiziell)\b|\b(fits?|fur|pour|para|voor)\s+lego\b|\b(not|non|no|kein|keine|pas|nicht)[\s-]?lego\b/g,
    voidable: true,
  },
  {
    kind: 'not-a-figure',
    pattern:
      /\b(display\s?(case|frame|box)|frames?|vitrine|vetrina|vitrina|gablota|schaukasten|book|buch|livre|libro|boek|ksiazka|livro|poster|t-?shirt|mug|tasse|taza|tazza|kubek|mok|mugg|caneca|watch|uhr|armbanduhr|montre|orologio|reloj|horloge|zegarek|klocka|relogio|clock|alarm|wecker|reveil|sveglia|despertador|wekker|budzik|vackarklocka|pen|stift|kugelschreiber|stylo|penna|boligrafo|dlugopis|lamp|lampe|lampara|lampada|lampka|torch|flashlight|taschenlampe|zaklamp|latarka|ficklampa|lanterna|night\s?light|nachtlicht|veilleuse|plush|pluche|peluche|pluszak|puzzle|pencil|eraser|sticker\s?sheet)\b/g,
    voidable: true,
  },
  {
    // Baseplates in the languages of the lexicon: "plaque de base", "Grundplatte", "placa base".
    kind: 'not-a-figure',
    pattern:
      /\b(base\s?plates?|baseplates?|road\s?plates?|grundplatten?|bauplatten?|plaques? de base|placas? (de )?base|piastr[ae]( di)? base|piastr[ae]|bouwpla(a)?t(en)?|grondpla(a)?t(en)?|plyt[ay] (konstrukcyjn[ae]|bazow[ae])|basplatt(a|an|or|orna)?|placas? de construcao)\b/g,
    voidable: true,
  },
  {
    // The box, the instructions or the stand without the figure.
    kind: 'not-a-figure',
    pattern:
      /\b(empty box|box only|instructions only|manual only|(no|without|ohne|sans|sin|senza|zonder|bez|sem|utan) (the )?(mini)?(fig|figure|figur|figurine|figura|figuur|figurka|minifigure|minifigur|minifigura)s?)\b/g,
    voidable: true,
  },
];

const LISTING_WORDS =
  /\b(sealed|misb|nisb|bnib|mib|new in box|in box|boxed|ovp|versiegelt|scelle|sigillato|precintado|sellado|instructions?|anleitung|bauanleitung|notice|instrucciones|istruzioni|handleiding|instrukcja|complete|komplett|complet|completo|completa|compleet|kompletny)\b/;
const FIGURE_WORDS =
  /\b(minifig|minifigure|minifigur|minifigura|minifiguur|minifigurka|figure|figur|figurine|figura|figuur|figurka|fig|poppetje|ludzik|personaggio|omino|cmf|collectible minifigures?|minifigures series|series \d+)\b/;

export interface SignalOptions {
  /** The title names a catalogue item number: it is about a figure, whatever else it mentions. */
  hasItemNumber: boolean;
  /** Whether a number is a set number; defaults to "4 to 6 digits and not a year". */
  isSetNumber: (digits: string) => boolean;
}

export function detectSignals(folded: string, opts: SignalOptions): Signal[] {
  const signals: Signal[] = [];
  for (const rule of RULES) {
    for (const m of folded.matchAll(rule.pattern)) {
      signals.push({ kind: rule.kind, keywords: rule.voidable ? words(m[0]).map(stem) : [] });
    }
  }
  if (isSetListing(folded, opts)) signals.push({ kind: 'set', keywords: [] });
  return signals;
}

/**
 * A set is for sale when the title carries a set number that is not the figure's origin ("from
 * set 75192", "aus Set 75093", "(10221 Super Star Destroyer)"), and either never calls the item a
 * figure or speaks of the box: sealed, instructions, complete.
 */
function isSetListing(folded: string, opts: SignalOptions): boolean {
  const inBrackets = new Set([...folded.matchAll(/\(\s*(\d{4,6})\b/g)].map((m) => m[1]));
  const list = words(folded);
  let freeSetNumber = false;
  for (let i = 0; i < list.length; i++) {
    const word = list[i] as string;
    if (!/^\d{4,6}$/.test(word) || !opts.isSetNumber(word) || inBrackets.has(word)) continue;
    let j = i - 1;
    while (j >= 0 && (SET_WORDS.has(list[j] as string) || list[j] === 'lego' || list[j] === 'the')) j--;
    if (j >= 0 && FROM_WORDS.has(list[j] as string)) continue;
    freeSetNumber = true;
  }
  if (!freeSetNumber) return false;
  if (LISTING_WORDS.test(folded)) return true;
  return !opts.hasItemNumber && !FIGURE_WORDS.test(folded);
}
