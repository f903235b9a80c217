/**
 * Word lists for reading listing titles. All entries are folded (lower case, no accents), as
 * `fold()` leaves title text. Kept as data so that a new language or phrase is one line.
 */

/** Joining words, dropped from names and titles alike. "no" and "without" are kept: they tell variants apart. */
export const GLUE_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'in',
  'on',
  'at',
  'to',
  'for',
  'by',
  'with',
  'as',
  'lego',
  'legos',
  // German, French, Spanish, Italian, Dutch, Polish, Swedish, Portuguese joining words.
  'mit',
  'und',
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'ein',
  'eine',
  'im',
  'am',
  'avec',
  'et',
  'le',
  'la',
  'les',
  'du',
  'un',
  'une',
  'con',
  'el',
  'los',
  'las',
  'del',
  'y',
  'il',
  'lo',
  'gli',
  'di',
  'della',
  'dello',
  'met',
  'het',
  'een',
  'ze',
  'oraz',
  'na',
  'dla',
  // Swedish and Portuguese.
  'med',
  'och',
  'av',
  'com',
  'em',
]);

/**
 * Seller words that say nothing about which figure it is ("new", "rare", "minifigure"). In a title
 * they are optional: they count when a name has them ("Thanos - Minifigure, ..."), never against.
 */
export const FILLER_WORDS = new Set(
  [
    'minifig minifigs minifigure minifigures minifigur minifiguren minifigura minifiguras minifiguur',
    'minifigurka minifigurki minifigurek figure figures fig figs figur figuren figurine figurines figura',
    'figuras figuur figurka figurki figurek poppetje poppetjes ludzik ludziki personaggio omino mini',
    'genuine authentic original originale originali oryginalna oryginalny oryginal echt official',
    'rare rar selten raro rara zeldzaam rzadka htf vintage retired new neu neuwertig neuf neuve nuevo',
    'nueva nuovo nuova nieuw nowa nowy used gebraucht bespielt unbespielt usato usata usado usada',
    'gebruikt uzywana uzywany occasion tres condition mint excellent great nice very good top zgan',
    'free shipping fast post uk us usa eu de fr it es nl pl ovp item items listing look see photo',
    'photos pic pics bricklink brickset sammlerstuck collector collectors collectable collectible',
    'character charakter personnage personaje version edition',
    // The same seller words in the other languages of the lexicon.
    'sammelfigur sammelfiguren figurita figuritas muneco munecos boneco bonecos samlarfigur figurer gubbe',
    'gubbar minifigurine novo nova ny nya komplett complet compleet kompletny kompletna accessori',
    'complete completo completa komplette kompletter compleet nowe nuove nuevos neuve nieuwe oanvand',
  ]
    .join(' ')
    .split(' '),
);

/** Words naming the brand line or medium, not a figure: optional, like filler. */
export const HINT_WORDS = new Set(['marvel', 'dc', 'comics', 'comic', 'movie', 'film', 'tv']);

/** Things a figure may come with; a title naming them describes the figure, not a different one. */
export const ACCESSORY_WORDS = new Set(
  [
    'lightsaber lightsabers weapon weapons blaster blasters gun guns accessory accessories accessoire',
    'accessoires zubehor waffe waffen laserschwert sabre arme armes arma armas armi wapen wapens bron',
    'miecz stand display base',
  ]
    .join(' ')
    .split(' '),
);

/** Words that introduce where a figure came from: "from set 75192", "aus Set 75093", "z zestawu". */
export const FROM_WORDS = new Set([
  'from',
  'aus',
  'vom',
  'von',
  'de',
  'du',
  'des',
  'del',
  'dal',
  'dalla',
  'dallo',
  'da',
  'do',
  'uit',
  'van',
  'z',
  'ze',
  'w',
  'fran',
  'ur',
  'ex',
]);
/** Words for "set" between a from-word and the set number: "aus dem Set 10221", "z zestawu 75192". */
export const SET_WORDS = new Set([
  'set',
  'sets',
  'sett',
  'setet',
  'setu',
  'zestaw',
  'zestawu',
  'zestawie',
  'conjunto',
  'coffret',
  'boite',
  'caja',
  'scatola',
  'confezione',
  'doos',
  'satz',
  'dem',
  'het',
  'il',
  'el',
  'le',
  'o',
]);
