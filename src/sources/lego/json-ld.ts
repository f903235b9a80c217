/**
 * Retail prices from LEGO.com product pages, read from their schema.org JSON-LD (the structured
 * data a page embeds for search engines), which is far steadier than the page's markup.
 */
export interface ProductOffer {
  productName: string | null;
  sku: string | null;
  /** Decimal string ("4.99"). */
  price: string;
  currency: string;
  availability: string | null;
}

const LD_JSON = /<script\b[^>]*type\s*=\s*["']application\/ld\+json["'][^>]*>([\s\S]*?)<\/script>/gi;

/** Every priced offer of every Product node on the page; unreadable blocks are skipped. */
export function extractProductOffers(html: string): ProductOffer[] {
  const offers: ProductOffer[] = [];
  for (const match of html.matchAll(LD_JSON)) {
    let data: unknown;
    try {
      data = JSON.parse(decodeEntities((match[1] ?? '').trim()));
    } catch {
      continue;
    }
    for (const node of nodes(data)) {
      if (!hasType(node, 'Product')) continue;
      for (const offer of asArray(node.offers)) offers.push(...readOffer(node, offer));
    }
  }
  return offers;
}

type Node = Record<string, unknown>;

function nodes(data: unknown): Node[] {
  if (Array.isArray(data)) return data.flatMap(nodes);
  if (!isObject(data)) return [];
  return [data, ...asArray(data['@graph']).flatMap(nodes)];
}

function readOffer(product: Node, offer: unknown): ProductOffer[] {
  if (!isObject(offer)) return [];
  // An AggregateOffer gives a range; its lowest price is what a buyer pays at best.
  const price = decimal(offer.price ?? offer.lowPrice);
  const currency = typeof offer.priceCurrency === 'string' ? offer.priceCurrency.trim().toUpperCase() : '';
  if (price === null || !/^[A-Z]{3}$/.test(currency)) return [];
  return [
    {
      productName: typeof product.name === 'string' ? product.name : null,
      sku:
        product.sku !== undefined
          ? String(product.sku)
          : product.productID !== undefined
            ? String(product.productID)
            : null,
      price,
      currency,
      availability:
        typeof offer.availability === 'string'
          ? offer.availability.replace(/^https?:\/\/schema\.org\//, '')
          : null,
    },
  ];
}

/** "4.99", 4.99 and "4,99" all become "4.99"; anything else is not a price. */
function decimal(value: unknown): string | null {
  const text =
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string'
        ? value.trim().replace(',', '.')
        : '';
  return /^\d+(\.\d+)?$/.test(text) && Number(text) > 0 ? text : null;
}

function hasType(node: Node, type: string): boolean {
  const t = node['@type'];
  return t === type || (Array.isArray(t) && t.includes(type));
}

function asArray(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Some pages HTML-escape the JSON inside the script tag. */
function decodeEntities(text: string): string {
  return text.includes('&quot;') ? text.replaceAll('&quot;', '"').replaceAll('&amp;', '&') : text;
}
