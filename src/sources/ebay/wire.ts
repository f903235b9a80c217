import { z } from 'zod';

/** POST /identity/v1/oauth2/token (client credentials grant). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
});

/**
 * GET /buy/browse/v1/item_summary/search. Item summaries are validated one by one by the mapper,
 * so one odd item never costs the page. `itemSummaries` is absent when nothing matched.
 */
export const searchPage = z.object({
  href: z.string().optional(),
  total: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
  next: z.string().optional(),
  itemSummaries: z.array(z.unknown()).optional(),
});
