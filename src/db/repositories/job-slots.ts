import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface SlotClaim {
  job: string;
  slot: Date;
  host: string;
  pid: number;
}

/**
 * Inserts (job, slot) into job_slots unless a row is there already; true when this call made it.
 * A successful claim also prunes the job's claims older than `keepDays` before the slot.
 */
export async function insertJobSlot(em: EntityManager, claim: SlotClaim, keepDays: number): Promise<boolean> {
  const rows = await query<{ job: string }[]>(
    em,
    `insert into job_slots (job, slot, host, pid) values (?, ?, ?, ?)
     on conflict (job, slot) do nothing returning job`,
    [claim.job, claim.slot, claim.host, claim.pid],
  );
  if (rows.length === 0) return false;
  await query(
    em,
    `delete from job_slots where job = ? and slot < ?::timestamptz - make_interval(days => ?)`,
    [claim.job, claim.slot, keepDays],
  );
  return true;
}
