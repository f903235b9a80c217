import { url } from '../../config-fields.js';
import { defineSettings, type SourceFolder } from '../source.js';

export interface LegoSettings {
  baseUrl: string;
}

const settings = defineSettings({
  key: 'lego',
  variables: { LEGO_URL: url.default('https://www.lego.com') },
  read: (e): LegoSettings => ({ baseUrl: e.LEGO_URL }),
});

/** LEGO.com's retail prices of mapped minifigure products (source.ts), and its settings. */
const lego: SourceFolder<'lego', LegoSettings> = { settings, load: () => import('./source.js') };
export default lego;
