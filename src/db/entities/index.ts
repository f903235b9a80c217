import { DataSource } from './data-source.js';
import { ExchangeRate } from './exchange-rate.js';
import { Minifigure } from './minifigure.js';
import { PriceListing } from './price-listing.js';
import { PriceSnapshot } from './price-snapshot.js';

export { DataSource, ExchangeRate, Minifigure, PriceListing, PriceSnapshot };
export const entities = [DataSource, Minifigure, PriceListing, PriceSnapshot, ExchangeRate];
