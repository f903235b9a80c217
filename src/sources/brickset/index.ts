import { secret, url } from '../../config-fields.js';
import { defineSettings, type SourceFolder } from '../source.js';

export interface BricksetSettings {
  baseUrl: string;
  apiKey?: string;
}

const settings = defineSettings({
  key: 'brickset',
  variables: {
    BRICKSET_API_URL: url.default('https://brickset.com/api/v3.asmx'),
    BRICKSET_API_KEY: secret,
  },
  read: (e): BricksetSettings => ({ baseUrl: e.BRICKSET_API_URL, apiKey: e.BRICKSET_API_KEY }),
  secrets: (e) => [e.BRICKSET_API_KEY],
});

/** Brickset's sets, dates and retail prices for the catalogue (source.ts), and its settings. */
const brickset: SourceFolder<'brickset', BricksetSettings> = { settings, load: () => import('./source.js') };
export default brickset;
