/**
 * Once per slot across replicas. A slot is the scheduled instant a run belongs to: the latest
 * instant of the job's schedule at or before the moment the timer fired (give or take half a
 * second, since a timer may fire a hair early). Replicas agree on it because Bree's schedules are
 * clock-aligned; the first to insert (job, slot) into job_slots runs the job.
 */
import later from '@breejs/later';
import type { MikroORM } from '@mikro-orm/postgresql';
import { insertJobSlot } from '../db/repositories/job-slots.js';
import { parseSchedule } from './schedule-text.js';

/** How early a timer may fire and still count for the coming instant. */
const EARLY_FIRE_MS = 500;
/** Claims older than this are pruned as new ones are made. */
const KEEP_DAYS = 7;

export function slotOf(schedule: string, firedAt: Date): Date | null {
  const data = parseSchedule(schedule);
  if (!data) return null;
  // later.js works in whole seconds: a fractional instant would be a slot of its own.
  const at = new Date(Math.floor((firedAt.getTime() + EARLY_FIRE_MS) / 1000) * 1000);
  const found = later.schedule(data).prev(1, at);
  const slot = Array.isArray(found) ? found[0] : found;
  return slot instanceof Date ? new Date(Math.floor(slot.getTime() / 1000) * 1000) : null;
}

/** True when this instance took the slot; false when another already had. */
export async function claimJobSlot(
  orm: MikroORM,
  claim: { job: string; slot: Date; host: string; pid: number },
): Promise<boolean> {
  return insertJobSlot(orm.em.fork(), claim, KEEP_DAYS);
}
