import { FakeServer } from './fake-server.js';

/** A product page the way LEGO.com serves one: markup, plus schema.org JSON-LD for search engines. */
export function productPage(opts: {
  name: string;
  sku: string;
  price: number | string;
  currency?: string;
  graph?: boolean;
  aggregate?: boolean;
}): string {
  const offer = opts.aggregate
    ? {
        '@type': 'AggregateOffer',
        lowPrice: opts.price,
        highPrice: opts.price,
        priceCurrency: opts.currency ?? 'USD',
      }
    : {
        '@type': 'Offer',
        price: opts.price,
        priceCurrency: opts.currency ?? 'USD',
        availability: 'https://schema.org/InStock',
      };
  const product = {
    '@type': 'Product',
    name: opts.name,
    sku: opts.sku,
    productID: opts.sku,
    brand: { '@type': 'Brand', name: 'LEGO' },
    offers: offer,
  };
  const ld = opts.graph
    ? {
        '@context': 'https://schema.org',
        '@graph': [{ '@type': 'BreadcrumbList', itemListElement: [] }, product],
      }
    : { '@context': 'https://schema.org', ...product };
  return `<!DOCTYPE html><html><head><title>${opts.name} | LEGO® Shop</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"LEGO"}</script>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
</head><body><h1>${opts.name}</h1><span data-test="product-price">$${opts.price}</span></body></html>`;
}

export const ROBOTS_TXT = `User-agent: *
Disallow: /en-us/checkout
Disallow: /en-us/product/secret-
Sitemap: https://www.lego.com/sitemap.xml
`;

/** A fake LEGO.com: robots.txt and product pages by path; anything else is a 404 page. */
export function fakeLego(pages: Record<string, string>, robots: string | null = ROBOTS_TXT): FakeServer {
  return new FakeServer((req) => {
    if (req.url.pathname === '/robots.txt') {
      return robots === null
        ? { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not found</h1>' }
        : { status: 200, headers: { 'content-type': 'text/plain' }, body: robots };
    }
    const page = pages[req.url.pathname];
    return page === undefined
      ? { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Page not found</h1>' }
      : { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
  });
}
