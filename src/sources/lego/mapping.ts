import { z } from 'zod';

/**
 * Which LEGO.com product pages are minifigures, and which catalogue figure each one is. It lives in
 * data_sources.metadata of the LEGO source (an operator edits it; LEGO.com has no minifigure
 * catalogue we could map automatically), e.g.
 *   {"products": [{"path": "/en-us/product/darth-vader-minifigure-...", "item_no": "sw0636"}]}
 */
const productSchema = z.object({
  path: z.string().regex(/^\/[^\s]*$/, 'must be a path on the LEGO site, starting with /'),
  item_no: z.string().min(1),
});
const mappingSchema = z.object({ products: z.array(z.unknown()).default([]) });

export interface ProductMapping {
  path: string;
  itemNo: string;
}

export interface ReadMapping {
  products: ProductMapping[];
  /** Entries that could not be used, with why; the good ones still run. */
  invalid: string[];
}

export function readProductMapping(metadata: unknown): ReadMapping {
  const parsed = mappingSchema.safeParse(metadata ?? {});
  if (!parsed.success) return { products: [], invalid: ['metadata.products must be a list'] };
  const products: ProductMapping[] = [];
  const invalid: string[] = [];
  parsed.data.products.forEach((entry, i) => {
    const p = productSchema.safeParse(entry);
    if (p.success) products.push({ path: p.data.path, itemNo: p.data.item_no });
    else
      invalid.push(
        `products[${i}]: ${p.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
  });
  return { products, invalid };
}
