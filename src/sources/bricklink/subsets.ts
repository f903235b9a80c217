import { z } from 'zod';
import { SourceError } from '../../core/errors.js';

/**
 * The `data` of GET /items/SET/{no}/subsets: match groups, each with entries. Only whole
 * minifigures matter here (`type` MINIFIG); alternates and counterparts are not in the box as such.
 */
const entry = z.object({
  item: z.object({ no: z.string().min(1), type: z.string() }),
  quantity: z.number().int().nonnegative(),
  is_alternate: z.boolean().optional(),
  is_counterpart: z.boolean().optional(),
});
const subsetsData = z.array(z.object({ entries: z.array(entry) }));

/** One minifigure of a set's inventory. */
export interface InventoryEntry {
  itemNo: string;
  quantity: number;
}

/** The set's minifigures with their quantities (summed over match groups); an empty array is a set without any. */
export function parseSetMinifigures(body: unknown, label: string): InventoryEntry[] {
  const parsed = subsetsData.safeParse((body as { data?: unknown }).data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
    throw new SourceError(`${label}: unexpected subsets shape (${where})`, { retryable: false });
  }
  const quantities = new Map<string, number>();
  for (const group of parsed.data) {
    for (const e of group.entries) {
      if (e.item.type !== 'MINIFIG' || e.is_alternate || e.is_counterpart || e.quantity === 0) continue;
      quantities.set(e.item.no, (quantities.get(e.item.no) ?? 0) + e.quantity);
    }
  }
  return [...quantities].map(([itemNo, quantity]) => ({ itemNo, quantity }));
}
