import { describe, expect, it } from 'vitest';
import { onStopSignals, STOP_SIGNALS } from '../../src/cli/stop-signals.js';

describe('onStopSignals', () => {
  it('hands the first stop signal to the shutdown, every later one to repeat, until released', () => {
    const before = new Map(STOP_SIGNALS.map((s) => [s, process.listeners(s)]));
    const firsts: string[] = [];
    let repeats = 0;
    const release = onStopSignals(
      (signal) => firsts.push(signal),
      () => repeats++,
    );
    // Calls the listeners it added as a delivered signal does (with its name). Emitting the event
    // would also run the test runner's own.
    const deliver = (signal: (typeof STOP_SIGNALS)[number]) => {
      for (const l of process.listeners(signal)) if (!before.get(signal)?.includes(l)) l(signal);
    };
    deliver('SIGTERM');
    deliver('SIGINT');
    deliver('SIGHUP');
    expect(firsts).toEqual(['SIGTERM']);
    expect(repeats).toBe(2);
    release();
    for (const s of STOP_SIGNALS) expect(process.listeners(s)).toEqual(before.get(s));
  });
});
