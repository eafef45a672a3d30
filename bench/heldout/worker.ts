// A worker thread of the held-out bench: runs the tasks it is sent, one at a time, and answers each.
import { parentPort } from 'node:worker_threads';
import { runTask } from './task.ts';
import type { Task } from './task.ts';

parentPort!.on('message', (m: { id: number; task: Task }) => {
  try {
    parentPort!.postMessage({ id: m.id, outcome: runTask(m.task) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
