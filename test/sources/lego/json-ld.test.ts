import { describe, expect, it } from 'vitest';
import { extractProductOffers } from '../../../src/sources/lego/json-ld.js';
import { productPage } from '../../support/fakes/fake-lego.js';

describe('extractProductOffers', () => {
  it('reads the Product offer and ignores other JSON-LD nodes', () => {
    expect(extractProductOffers(productPage({ name: 'Series 25', sku: '71045', price: 4.99 }))).toEqual([
      { productName: 'Series 25', sku: '71045', price: '4.99', currency: 'USD', availability: 'InStock' },
    ]);
  });

  it('finds a Product inside @graph, and the low price of an AggregateOffer', () => {
    const page = productPage({
      name: 'Minifigure Pack',
      sku: '40649',
      price: '12.99',
      graph: true,
      aggregate: true,
    });
    expect(extractProductOffers(page)).toMatchObject([{ sku: '40649', price: '12.99', currency: 'USD' }]);
  });

  it('skips broken JSON-LD, missing prices and invalid currencies instead of failing', () => {
    const page = `<script type="application/ld+json">{"@type": "Product", "offers": </script>
      <script type="application/ld+json">{"@type":"Product","name":"x","offers":{"price":"abc","priceCurrency":"USD"}}</script>
      <script type="application/ld+json">{"@type":"Product","name":"y","offers":{"price":"5","priceCurrency":"dollars"}}</script>
      <script type="application/ld+json">{"@type":"Product","name":"z","offers":{"price":"0","priceCurrency":"EUR"}}</script>`;
    expect(extractProductOffers(page)).toEqual([]);
  });

  it('accepts a decimal comma and entity-escaped JSON', () => {
    const page = `<script type='application/ld+json'>{&quot;@type&quot;:&quot;Product&quot;,&quot;name&quot;:&quot;Serie 25&quot;,&quot;offers&quot;:{&quot;price&quot;:&quot;4,99&quot;,&quot;priceCurrency&quot;:&quot;eur&quot;}}</script>`;
    expect(extractProductOffers(page)).toMatchObject([{ price: '4.99', currency: 'EUR' }]);
  });
});
