// Worker threads for the held-out bench: tasks go to whichever thread is free, largest first, so the last ones to
// finish are short. With no workers the tasks run on the main thread.
import { Worker } from 'node:worker_threads';
import { runTask } from './task.ts';
import type { Outcome, Task } from './task.ts';

export async function runAll(tasks: readonly Task[], workers: number, done: (t: Task, o: Outcome) => void): Promise<void> {
  if (workers <= 0) {
    for (const t of tasks) done(t, runTask(t));
    return;
  }
  let next = 0;
  const threads = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(new URL('./worker.ts', import.meta.url)));
  try {
    await Promise.all(threads.map((w) => new Promise<void>((resolveThread, reject) => {
      const send = (): void => {
        if (next >= tasks.length) return resolveThread();
        const id = next++;
        w.postMessage({ id, task: tasks[id] });
      };
      w.on('message', (m: { id: number; outcome?: Outcome; error?: string }) => {
        if (m.error !== undefined || !m.outcome) return reject(new Error(`task ${JSON.stringify(tasks[m.id])}: ${m.error}`));
        done(tasks[m.id]!, m.outcome);
        send();
      });
      w.on('error', reject);
      send();
    })));
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
