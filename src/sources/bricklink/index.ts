import { duration, secret, url } from '../../config-fields.js';
import { defineSettings, type SourceFolder } from '../source.js';

export interface BrickLinkSettings {
  baseUrl: string;
  /** How long after a successful fetch a watched or alerted figure, or any other, is due again. */
  refreshWantedMs: number;
  refreshOthersMs: number;
  /** All four OAuth 1.0a values, or undefined when any is missing (the source is then skipped). */
  credentials?: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string };
}

const settings = defineSettings({
  key: 'bricklink',
  variables: {
    BRICKLINK_API_URL: url.default('https://api.bricklink.com/api/store/v1'),
    BRICKLINK_CONSUMER_KEY: secret,
    BRICKLINK_CONSUMER_SECRET: secret,
    BRICKLINK_TOKEN: secret,
    BRICKLINK_TOKEN_SECRET: secret,
    BRICKLINK_REFRESH_WANTED: duration.prefault('6h'),
    BRICKLINK_REFRESH_OTHERS: duration.prefault('24h'),
  },
  read: (e): BrickLinkSettings => ({
    baseUrl: e.BRICKLINK_API_URL,
    refreshWantedMs: e.BRICKLINK_REFRESH_WANTED,
    refreshOthersMs: e.BRICKLINK_REFRESH_OTHERS,
    credentials:
      e.BRICKLINK_CONSUMER_KEY && e.BRICKLINK_CONSUMER_SECRET && e.BRICKLINK_TOKEN && e.BRICKLINK_TOKEN_SECRET
        ? {
            consumerKey: e.BRICKLINK_CONSUMER_KEY,
            consumerSecret: e.BRICKLINK_CONSUMER_SECRET,
            token: e.BRICKLINK_TOKEN,
            tokenSecret: e.BRICKLINK_TOKEN_SECRET,
          }
        : undefined,
  }),
  secrets: (e) => [e.BRICKLINK_CONSUMER_SECRET, e.BRICKLINK_TOKEN, e.BRICKLINK_TOKEN_SECRET],
});

/** BrickLink's price guides and set inventories (source.ts), and its settings. */
const bricklink: SourceFolder<'bricklink', BrickLinkSettings> = {
  settings,
  load: () => import('./source.js'),
};
export default bricklink;
