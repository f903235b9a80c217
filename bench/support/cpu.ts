import { readFile } from 'node:fs/promises';

/**
 * CPU time spent by this process and by the PostgreSQL backends serving one database, around a
 * piece of work. Wall-clock time on a shared 2-core machine says as much about the neighbours as
 * about the code; CPU time does not. Backends are read from /proc, so the database CPU is known
 * only for a server on this machine (the embedded one); otherwise it is null.
 */
export interface CpuSample {
  nodeMs: number;
  /** Milliseconds of CPU per backend pid of the database. */
  backends: Map<number, number> | null;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

async function backendCpu(pids: number[]): Promise<Map<number, number> | null> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): utime is the 14th, stime the 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      return null;
    }
  }
  return out;
}

export async function sampleCpu(backendPids: () => Promise<number[]>): Promise<CpuSample> {
  const usage = process.cpuUsage();
  return { nodeMs: (usage.user + usage.system) / 1000, backends: await backendCpu(await backendPids()) };
}

/** CPU used between two samples: Node's, and the database backends' (a backend new since `from` counts whole). */
export function cpuBetween(from: CpuSample, to: CpuSample): { nodeMs: number; dbMs: number | null } {
  let dbMs: number | null = null;
  if (from.backends && to.backends) {
    dbMs = 0;
    for (const [pid, ms] of to.backends) dbMs += ms - (from.backends.get(pid) ?? 0);
  }
  return { nodeMs: Math.round(to.nodeMs - from.nodeMs), dbMs };
}
