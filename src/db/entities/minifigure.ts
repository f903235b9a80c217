import { defineEntity } from '@mikro-orm/core';

export interface MinifigureMetadata {
  category_id?: number;
  /** BrickLink's category path, top level first: ["Star Wars", "Star Wars Episode 4/5/6"]. */
  category_path?: string[];
  weight_g?: number | null;
  [key: string]: unknown;
}

/** One catalogue figure. `setNumber` is the BrickLink item number, e.g. sw0001. */
export const Minifigure = defineEntity({
  name: 'Minifigure',
  tableName: 'minifigures',
  properties: (p) => ({
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    setNumber: p.string().unique(),
    name: p.text(),
    theme: p.string().nullable(),
    yearReleased: p.smallint().nullable(),
    metadata: p.json<MinifigureMetadata>().default('{}'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  }),
});
