// A replication loop's timing, shared by the casualty log's upstream loop and the claims ledger's: one round now and
// one every `intervalMs`, never two at once; a failing round is logged once per distinct error (a link down for hours
// must not fill the log) and simply retried on the next tick.

export interface Rounds {
  /** Stop the timer and wait for the round in flight. */
  stop(): Promise<void>;
  /** Resolves when the next round ends (tests wait on it instead of sleeping). */
  nextRound(): Promise<void>;
}

/** `run` returns a line worth logging (or nothing); `label` names the loop in the log, e.g. `upstream https://rear`. */
export function everyRound(label: string, intervalMs: number, run: () => Promise<string | undefined>, log?: (s: string) => void): Rounds {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let waiters: (() => void)[] = [];
  let lastError = '';
  const round = async (): Promise<void> => {
    try {
      const line = await run();
      if (lastError) log?.(`${label}: link up again`);
      lastError = '';
      if (line) log?.(`${label}: ${line}`);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      if (m !== lastError) log?.(`${label}: ${m} (will retry)`);
      lastError = m;
    }
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };
  const timer = setInterval(() => {
    if (!stopped) running = running.then(round);
  }, intervalMs);
  running = running.then(round);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    nextRound: () => new Promise((r) => waiters.push(r)),
  };
}
