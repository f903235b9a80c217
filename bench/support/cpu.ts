import { readdirSync, readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * CPU time, to read wall-clock figures taken on a busy shared machine: how much work a run was,
 * whatever else was competing for the cores. Linux /proc only; null where it cannot be read.
 */

const TICKS_PER_SECOND = 100;

/** CPU milliseconds used by this process so far (user + system). */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function statFields(pid: number | string): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * A reader of the CPU milliseconds used by the database server so far: the postmaster, its reaped
 * children, and its live children (backends, WAL writer, checkpointer). Null when the server is not
 * a process on this machine.
 */
export async function serverCpuReader(em: EntityManager): Promise<(() => number) | null> {
  const [row] = await em.getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid');
  const backend = statFields(row?.pid ?? 0);
  if (!backend) return null;
  const postmaster = Number(backend[1]);
  return () => {
    const own = statFields(postmaster);
    if (!own) return Number.NaN;
    // utime, stime, cutime, cstime are fields 14-17 of /proc/pid/stat (11-14 after the name).
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = statFields(entry);
      if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  };
}

export interface CpuTimed<T> {
  ms: number;
  result: T;
  /** CPU milliseconds of this process and of the database server (null when not measurable). */
  cpu: { nodeMs: number; dbMs: number | null };
}

/** Times `fn` by the wall clock and by the CPU it cost this process and the database server. */
export async function cpuMeter(
  em: EntityManager,
): Promise<<T>(fn: () => Promise<T>) => Promise<CpuTimed<T>>> {
  const serverCpu = await serverCpuReader(em);
  return async (fn) => {
    const node0 = processCpuMs();
    const db0 = serverCpu?.() ?? Number.NaN;
    const start = performance.now();
    const result = await fn();
    const ms = performance.now() - start;
    const db = (serverCpu?.() ?? Number.NaN) - db0;
    return {
      ms,
      result,
      cpu: { nodeMs: Math.round(processCpuMs() - node0), dbMs: Number.isNaN(db) ? null : Math.round(db) },
    };
  };
}
