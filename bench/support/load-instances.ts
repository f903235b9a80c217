import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded-probe.js';
import { JOB_LIST, scheduleVariable } from '../../src/jobs/job-list.js';
import { repoRoot } from './results.js';

/** A `minifig start` child process serving Slack on its own port. */
export interface Instance {
  pid: number;
  port: number;
  /** CPU milliseconds the process (every thread) has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  /** The checkout to run: this repository, or the baseline's worktree. */
  root: string;
  databaseUrl: string;
  env: Record<string, string>;
  /** `--workers N`, where the checkout has it. */
  workers?: number;
  /** Options for node itself, such as --cpu-prof (which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

const TICKS_PER_SECOND = 100;
// Every scheduled job waits for a date that does not come during a run (the refresh at start
// still runs; startInstance waits for it).
const NEVER = '0 0 1 1 *';

export function processCpuMsOf(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU of a process and all its descendants that are alive (cluster workers are child processes). */
export function treeCpuMs(pid: number): number {
  let total = processCpuMsOf(pid);
  for (const child of childrenOf(pid)) total += treeCpuMs(child);
  return total;
}

function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

export async function startInstance(opts: InstanceOptions): Promise<Instance> {
  const port = await freePort();
  const args = [...(opts.nodeArgs ?? []), path.join(opts.root, 'bin', 'minifig.js'), 'start', '--no-console'];
  if (opts.workers) args.push('--workers', String(opts.workers));
  const child: ChildProcess = spawn('node', args, {
    cwd: opts.root,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      ...Object.fromEntries(JOB_LIST.map((j) => [scheduleVariable(j.name), NEVER])),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 300_000;
  while (!/health at http:\/\/localhost:\d+/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the instance did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    pid,
    port,
    cpuMs: () => treeCpuMs(pid),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timeout);
      }
    },
  };
}

/**
 * The code of `commit` in a temporary worktree beside this one, sharing this checkout's
 * node_modules: the baseline runs as it was, in the same run as the code under test.
 */
export async function baselineCheckout(commit: string): Promise<{ root: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minifig-baseline-'));
  const root = path.join(dir, 'checkout');
  execFileSync('git', ['worktree', 'add', '--detach', root, commit], { cwd: repoRoot, stdio: 'ignore' });
  if (!existsSync(path.join(root, 'node_modules'))) {
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  }
  return {
    root,
    async remove() {
      execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: repoRoot, stdio: 'ignore' });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
