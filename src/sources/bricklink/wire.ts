import { z } from 'zod';
import { SourceError } from '../../core/errors.js';

/** BrickLink's price guide parameters: sold (last 6 months' sales) or stock (for sale now) × new/used. */
export type GuideType = 'sold' | 'stock';
export type NewOrUsed = 'N' | 'U';

export const GUIDE_TYPES: readonly GuideType[] = ['sold', 'stock'];
export const NEW_OR_USED: readonly NewOrUsed[] = ['N', 'U'];

/**
 * Every Store API answer is `{ meta: { code, message, description }, data }`, and errors arrive
 * as HTTP 200 with the real status in meta.code (e.g. 401 BAD_OAUTH_REQUEST for a bad token).
 */
const envelope = z.object({
  meta: z.object({
    code: z.number(),
    message: z.string().optional(),
    description: z.string().optional(),
  }),
  data: z.unknown(),
});

/** meta.code values that a later attempt may cure; the rest (400, 401, 403, 404, 422) will not change. */
function isTransient(code: number): boolean {
  return code === 429 || code >= 500;
}

/** Throws a SourceError unless the envelope says 200. Used as the HTTP layer's `check`, inside the retry. */
export function checkEnvelope(body: unknown, label: string): void {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) {
    throw new SourceError(`${label}: the answer has no BrickLink meta block`, { retryable: false });
  }
  const { code, message, description } = parsed.data.meta;
  if (code === 200) return;
  const text = [message, description].filter(Boolean).join(': ');
  throw new SourceError(`${label}: BrickLink error ${code} inside HTTP 200${text ? ` (${text})` : ''}`, {
    retryable: isTransient(code),
    status: code,
  });
}

/** Prices are 4-decimal strings ("12.3400"); numbers are accepted too. Checked per field later. */
const money = z.unknown();

/** The `data` of GET /items/{type}/{no}/price. Detail entries are validated one by one by the mapper. */
export const priceGuideData = z.object({
  item: z.object({ no: z.string(), type: z.string() }).optional(),
  new_or_used: z.enum(['N', 'U']),
  currency_code: z.string(),
  min_price: money,
  max_price: money,
  avg_price: money,
  qty_avg_price: money,
  unit_quantity: z.number().int().nonnegative(),
  total_quantity: z.number().int().nonnegative(),
  price_detail: z.array(z.unknown()),
});
export type PriceGuideData = z.infer<typeof priceGuideData>;

export function parsePriceGuide(body: unknown, label: string): PriceGuideData {
  const parsed = priceGuideData.safeParse((body as { data?: unknown }).data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
    throw new SourceError(`${label}: unexpected price guide shape (${where})`, { retryable: false });
  }
  return parsed.data;
}

/**
 * A price as a canonical decimal string with 4 places, or null when the value is not a
 * non-negative decimal ("abc", "", -1, NaN). Strings are never parsed into floats, so cents stay
 * exact; a number (some clients see them) is formatted with BrickLink's 4 places.
 */
export function normalisePrice(value: unknown): string | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value.toFixed(4) : null;
  }
  if (typeof value !== 'string') return null;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return null;
  const whole = match[1]?.replace(/^0+(?=\d)/, '') ?? '0';
  const fraction = (match[2] ?? '').padEnd(4, '0');
  return `${whole}.${fraction}`;
}
