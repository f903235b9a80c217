/**
 * Foreign words (German, French, Spanish, Italian, Dutch, Polish; folded: no accents) and the
 * English catalogue words they stand for: colours, clothing, body parts, roles and creatures, the
 * words BrickLink's variant names are made of, plus local names of a few characters. One line per
 * English word or phrase: "english: foreign foreign ...".
 */
const TABLE = `
black: schwarz schwarzer noir noire negro negra nero nera zwart czarny czarna
white: weiss weisser blanc blanche blanco blanca bianco bianca wit witte bialy biala
red: rot roter rouge rojo roja rosso rossa rood czerwony czerwona
blue: blau blauer bleu azul blu blauw niebieski
green: grun gruner vert verte verde groen zielony
yellow: gelb jaune amarillo giallo geel zolty
gray: grau gris grise grigio grijs szary
light gray: hellgrau lichtgrijs
dark gray: dunkelgrau donkergrijs
brown: braun marron marrone bruin brazowy
silver: silber argent plateado argento zilver srebrny
gold: golden dore dorado oro goud zloty
sand green: sandgrun
olive green: olivgrun
dark red: dunkelrot
dark blue: dunkelblau
lavender: lavanda
sand: arena
pearl: perla perle perlato
light: hell clair claire claro clara chiaro chiara licht jasny
dark: dunkel fonce foncee oscuro oscura scuro scura donker ciemny
helmet: helm casque casco elmo helmem
cape: umhang capa mantello peleryna
hood: kapuze capuche capucha cappuccio kaptur
head: kopf tete cabeza testa hoofd glowa
legs: beine jambes piernas gambe benen nogi
hair: haare cheveux pelo capelli haar wlosy
beard: bart barbe barba baard broda
eyes: augen yeux ojos occhi ogen oczy
round: rund runde runden rond ronde redondo rotondo
armor: rustung armure armadura armatura harnas zbroja
crown: krone couronne corona kroon korona
hat: chapeau sombrero cappello hoed kapelusz
glasses: brille lunettes gafas occhiali bril okulary
robe: gewand tunica veste
coat: mantel manteau abrigo cappotto jas plaszcz
jumpsuit: combinaison tuta kombinezon
skirt: jupe falda gonna rok spodnica
sword: schwert epee espada spada zwaard
shield: schild bouclier escudo scudo tarcza
wings: flugel ailes alas vleugels skrzydla
block: blok bloc bloque blocco klotz
knight: ritter chevalier caballero cavaliere ridder rycerz
king: konig roi koning krol
queen: konigin reine reina regina koningin krolowa
princess: prinzessin princesse princesa principessa prinses ksiezniczka
pirate: pirat pirata piraat
skeleton: skelett squelette esqueleto scheletro skelet szkielet
soldier: soldat soldado soldato soldaat zolnierz
witch: hexe sorciere bruja strega heks czarownica
wizard: zauberer sorcier mago tovenaar czarodziej
vampire: vampir vampiro vampier wampir
mummy: mumie momie momia mummia mummie mumia
ghost: geist gespenst fantome fantasma spook duch
viking: wikinger vikingo vichingo wiking
police: polizist polizei policier policia polizia politie policjant policeman
fire: feuerwehrmann feuerwehr pompier bombero pompiere brandweerman strazak firefighter fireman
astronaut: astronaute astronauta
diver: taucher plongeur buzo duiker nurek
elf: elfe elfo
dwarf: zwerg nain enano nano dwerg krasnolud
dragon: drache drago draak smok
vader: vador fener
dumbledore: silente
stormtrooper: sturmtruppler
series: serie seria reeks
christmas: weihnachten noel navidad natale kerst
`;

export const TRANSLATIONS: ReadonlyMap<string, string> = new Map(
  TABLE.trim()
    .split('\n')
    .flatMap((line) => {
      const [english = '', foreign = ''] = line.split(':');
      return foreign
        .trim()
        .split(/\s+/)
        .map((word): [string, string] => [word, english.trim()]);
    }),
);
