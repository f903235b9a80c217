import { z } from 'zod';
import { secret, url } from '../../config-fields.js';
import { defineSettings, type SourceFolder } from '../source.js';

export interface EbaySettings {
  baseUrl: string;
  marketplaceId: string;
  credentials?: { clientId: string; clientSecret: string };
}

const settings = defineSettings({
  key: 'ebay',
  variables: {
    EBAY_API_URL: url.default('https://api.ebay.com'),
    EBAY_CLIENT_ID: secret,
    EBAY_CLIENT_SECRET: secret,
    EBAY_MARKETPLACE_ID: z.string().default('EBAY_US'),
  },
  read: (e): EbaySettings => ({
    baseUrl: e.EBAY_API_URL,
    marketplaceId: e.EBAY_MARKETPLACE_ID,
    credentials:
      e.EBAY_CLIENT_ID && e.EBAY_CLIENT_SECRET
        ? { clientId: e.EBAY_CLIENT_ID, clientSecret: e.EBAY_CLIENT_SECRET }
        : undefined,
  }),
  secrets: (e) => [e.EBAY_CLIENT_SECRET],
});

/** eBay's Browse API searches (source.ts), and its settings. */
const ebay: SourceFolder<'ebay', EbaySettings> = { settings, load: () => import('./source.js') };
export default ebay;
