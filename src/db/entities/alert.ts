import { defineEntity } from '@mikro-orm/core';
import { ALERT_KINDS } from '../../alerts/types.js';
import { ChatUser } from './chat-user.js';
import { Minifigure } from './minifigure.js';
import { CONDITIONS } from './price-listing.js';

/**
 * One alert of a user on one figure and condition. Rows are never deleted: `removedAt` marks an
 * alert its user removed, kept for the firing history. Evaluation (state, firing, re-arming) is
 * set-based SQL in src/db/repositories/alert-evaluation.ts and deal-evaluation.ts.
 */
export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alerts',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    user: p.manyToOne(ChatUser).ref().deleteRule('cascade'),
    minifigure: p.manyToOne(Minifigure).ref(),
    kind: p.enum([...ALERT_KINDS]),
    condition: p.enum([...CONDITIONS]),
    /** below/above: in `currency`; change: percent; deal: percent under the median; new-low: 0. */
    threshold: p.decimal('number').precision(12).scale(4),
    /** change: up, down or any; otherwise null. */
    direction: p.enum(['up', 'down', 'any'] as const).nullable(),
    /** change: 1, 7 or 30 days; new-low: the look-back in days; otherwise null. */
    periodDays: p.integer().nullable(),
    /** The band a price must return past before the alert re-arms, as a fraction of the threshold. */
    hysteresis: p.decimal('number').precision(6).scale(4).default(0.05),
    cooldown: p.interval().defaultRaw(`interval '24 hours'`),
    targetKind: p.enum(['dm', 'channel'] as const).default('dm'),
    targetChannelId: p.string().nullable(),
    state: p.enum(['armed', 'fired'] as const).default('armed'),
    fireCount: p.integer().default(0),
    lastFiredAt: p.datetime().nullable(),
    lastFiredValue: p.decimal('number').precision(12).scale(4).nullable(),
    dealsCheckedUntil: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    removedAt: p.datetime().nullable(),
    /** The currency of a below/above threshold; USD otherwise. */
    currency: p.string().default('USD'),
  }),
});
