// A worker for WorkerThread's own test: `{ id, op }` jobs answered as WorkerThread expects. `echo` answers ok with
// the number of jobs this thread has seen, `fail` answers an error, `die` exits the thread without answering, `hold`
// never answers (a job in flight when the thread is closed).
import { parentPort } from 'node:worker_threads';

let seen = 0;
parentPort!.on('message', (m: { id?: number; op?: string; note?: string }) => {
  if (m.id === undefined) {
    if (m.note) seen += 1000; // a told message, no answer: visible in the next echo's count
    return;
  }
  seen++;
  if (m.op === 'echo') parentPort!.postMessage({ id: m.id, ok: true, cpuMs: 0, seen });
  else if (m.op === 'fail') parentPort!.postMessage({ id: m.id, ok: false, error: 'asked to fail' });
  else if (m.op === 'die') process.exit(3);
});
